// What both Hoeffding trees do with their leaves as a whole: report their shape, and stay within
// --max-bytes the way MOA does, by deactivating the least promising leaves (they keep predicting
// but stop collecting the statistics that cost memory).
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

// Deactivates leaves, least promising first, until `total` (the model's bytes) fits; returns
// how many it deactivated.
template <class Leaf>
uint64_t fit_in_budget(std::vector<Leaf>& leaves, size_t total, size_t max_bytes) {
  if (total <= max_bytes) return 0;
  std::vector<uint32_t> active;
  for (uint32_t i = 0; i < leaves.size(); ++i)
    if (leaves[i].active) active.push_back(i);
  std::stable_sort(active.begin(), active.end(),
                   [&leaves](uint32_t a, uint32_t b) { return leaves[a].promise() < leaves[b].promise(); });
  uint64_t deactivated = 0;
  for (uint32_t i : active) {
    if (total <= max_bytes) break;
    const size_t before = leaves[i].bytes();
    leaves[i].deactivate();
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
