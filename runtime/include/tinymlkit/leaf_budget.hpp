// What both Hoeffding trees do with their leaves as a whole: report their shape, and stay within
// --max-bytes the way MOA does, by deactivating the least promising leaves (they keep predicting
// but stop collecting the statistics that cost memory) and bringing them back, most promising
// first, when memory frees up (MOA's enforceTrackerLimit).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "tinymlkit/learner.hpp"
#include "tinymlkit/tree_structure.hpp"

namespace tinymlkit {

template <class Leaf>
size_t leaves_bytes(const std::vector<Leaf>& leaves) {
  size_t total = 0;
  for (const Leaf& leaf : leaves) total += leaf.bytes();
  return total;
}

// Whether fitting the budget may also bring leaves back: at the periodic memory check, as MOA's
// enforceTrackerLimit; not after each split, where new leaves are still small and would let
// leaves back that the budget cannot hold once they have grown.
enum class BringBack : bool { kNo, kYes };

// Orders `indexes` by their leaves' promise, least first, ties in their order. Each promise is
// computed once: a comparison sort computed it about 2 log2(n) times a leaf, and a regression
// tree at its budget sorts all its active leaves after every split (in the wasm modules, 2.5% of
// the regressor's time).
template <class Leaf>
void sort_by_promise(const std::vector<Leaf>& leaves, std::vector<uint32_t>& indexes) {
  struct Keyed {
    double promise;
    uint32_t index;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(indexes.size());
  for (uint32_t i : indexes) keyed.push_back({leaves[i].promise(), i});
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const Keyed& a, const Keyed& b) { return a.promise < b.promise; });
  for (size_t k = 0; k < keyed.size(); ++k) indexes[k] = keyed[k].index;
}

// Fits `total` (the model's bytes) within max_bytes: deactivates leaves, least promising first,
// until it fits (marking them over budget), or, where there is room and `bring_back` allows,
// reactivates leaves deactivated for memory, most promising first, while one more leaf of the
// active leaves' average size still fits (one, if none is active). Leaves deactivated because
// not splitting was best are not brought back. Returns how many leaves it deactivated.
template <class Leaf>
uint64_t fit_in_budget(std::vector<Leaf>& leaves, size_t total, size_t max_bytes, BringBack bring_back) {
  if (total <= max_bytes && bring_back == BringBack::kNo) return 0;  // the check after every split
  std::vector<uint32_t> active, over_budget;
  size_t active_bytes = 0;
  for (uint32_t i = 0; i < leaves.size(); ++i) {
    if (leaves[i].active) {
      active.push_back(i);
      active_bytes += leaves[i].bytes();
    } else if (leaves[i].over_budget) {
      over_budget.push_back(i);
    }
  }
  if (total <= max_bytes) {
    sort_by_promise(leaves, over_budget);
    const size_t average = active.empty() ? 0 : active_bytes / active.size();
    for (auto it = over_budget.rbegin(); it != over_budget.rend(); ++it) {
      Leaf& leaf = leaves[*it];
      const size_t before = leaf.bytes();
      if (total - before + average > max_bytes) break;
      leaf.reactivate();
      total = total - before + std::max(average, leaf.bytes());
      if (average == 0) break;  // no active leaf to size the next one by
    }
    return 0;
  }
  sort_by_promise(leaves, active);
  uint64_t deactivated = 0;
  for (uint32_t i : active) {
    if (total <= max_bytes) break;
    const size_t before = leaves[i].bytes();
    leaves[i].deactivate();
    leaves[i].over_budget = true;
    ++deactivated;
    total -= before - leaves[i].bytes();
  }
  return deactivated;
}

template <class Leaf>
std::vector<SummaryFigure> tree_figures(const TreeStructure& tree, const std::vector<Leaf>& leaves, size_t bytes) {
  const auto active = std::count_if(leaves.begin(), leaves.end(), [](const Leaf& leaf) { return leaf.active; });
  return {{"nodes", static_cast<double>(tree.node_count())},
          {"leaves", static_cast<double>(tree.leaf_count())},
          {"active_leaves", static_cast<double>(active)},
          {"depth", static_cast<double>(tree.depth())},
          {"bytes", static_cast<double>(bytes)}};
}

// An ensemble's figures: another member's nodes, leaves and active leaves add up; the depth is
// the deepest member's.
inline void add_member_figures(std::vector<SummaryFigure>& ensemble, const std::vector<SummaryFigure>& member) {
  for (size_t i = 0; i < 3; ++i) ensemble[i].value += member[i].value;
  ensemble[3].value = std::max(ensemble[3].value, member[3].value);
}

}  // namespace tinymlkit
