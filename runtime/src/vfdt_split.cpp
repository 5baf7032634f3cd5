// A Vfdt's split attempts and what they leave behind (inherited statistics, the memory budget):
// once a grace period at a leaf, not once an example, so built for size in the .wasm modules
// (runtime/CMakeLists.txt).
#include <algorithm>
#include <numeric>

#include "tinymlkit/best_two.hpp"
#include "tinymlkit/leaf_budget.hpp"
#include "tinymlkit/vfdt.hpp"

namespace tinymlkit {

void Vfdt::attempt_split(uint32_t node, const LeafContext& context, const VfdtSettings& settings) {
  ClassLeaf& leaf = leaves_[tree_.node(node).payload];
  const auto& weights = leaf.class_weights;
  if (std::count_if(weights.begin(), weights.end(), [](double w) { return w > 0; }) < 2)
    return;  // pure
  std::vector<uint32_t> features = leaf.split_candidates(context);
  if (settings.subspace) RandomSubspace{*settings.subspace, subspace_seed_}.keep(features, node);
  std::vector<SplitSuggestion> suggestions =
      leaf.split_suggestions(settings.criterion, context, settings.split_points, features);
  if (suggestions.empty()) return;
  if (settings.weight_per_example && settings.criterion == SplitCriterion::kInfoGain) {
    for (SplitSuggestion& suggestion : suggestions) {
      const auto& branch_weights = suggestion.branches.weights;
      const double examples = std::accumulate(branch_weights.begin(), branch_weights.end(), 0.0) /
                              *settings.weight_per_example;
      suggestion.merit -=
          chance_information_gain(suggestion.branches.branches(), leaf.classes_present(), examples);
    }
  }
  const BestTwo top = best_two<SplitSuggestion>(suggestions);
  bool should_split = suggestions.size() == 1;
  if (suggestions.size() >= 2) {
    const double bound = hoeffding_bound(merit_range(settings.criterion, leaf.classes_present()),
                                         settings.split_confidence, leaf.total_weight());
    // Not splitting gains nothing; under Gini its merit is the leaf's as it is ("do not split").
    const double not_splitting =
        settings.criterion == SplitCriterion::kInfoGain ? 0.0 : suggestions[0].merit;
    const double rival = settings.anytime_split ? not_splitting : suggestions[top.second].merit;
    should_split = suggestions[top.best].merit - rival > bound || bound < settings.tie_threshold;
  }
  if (!should_split) return;
  SplitSuggestion& best = suggestions[top.best];
  if (best.branches.branches() == 0) {  // not splitting is best: pre-pruning, as MOA
    release_borrowed(leaf);
    leaf.deactivate();
    ++deactivated_;
    return;
  }
  if (best.test.nominal) {
    split_weights_.resize(tree_.node_count());
    split_weights_[node] = leaf.class_weights;
  }
  const uint32_t payload = tree_.node(node).payload;
  const bool inherits =
      settings.inherit_naive_bayes && settings.leaf_prediction == LeafPrediction::kAdaptive;
  const uint32_t inherited = inherits ? bequeath(leaf) : ClassLeaf::kNotInherited;
  std::vector<uint32_t> payloads{payload};
  leaves_[payload] = ClassLeaf(best.branches.branch(0));
  for (size_t b = 1; b < best.branches.branches(); ++b) {
    payloads.push_back(static_cast<uint32_t>(leaves_.size()));
    leaves_.emplace_back(best.branches.branch(b));
  }
  if (inherits) {
    for (uint32_t heir : payloads) leaves_[heir].inherited = inherited;
    heirs_[inherited] += static_cast<uint32_t>(payloads.size());
  }
  if (settings.global_naive_bayes)
    for (uint32_t heir : payloads) leaves_[heir].global_correct = 0;
  tree_.split(node, std::move(best.test), payloads);
  enforce_memory_limit(settings.max_bytes, BringBack::kNo);
}

uint32_t Vfdt::bequeath(ClassLeaf& leaf) {
  if (leaf.inherited != ClassLeaf::kNotInherited) {
    const uint32_t slot = leaf.inherited;  // the leaf's hold passes to its heirs
    --heirs_[slot];
    leaf.inherited = ClassLeaf::kNotInherited;
    return slot;
  }
  const auto slot =
      static_cast<uint32_t>(std::find(heirs_.begin(), heirs_.end(), 0u) - heirs_.begin());
  if (slot == heirs_.size()) {
    heirs_.push_back(0);
    inherited_.emplace_back();
  }
  inherited_[slot] = std::move(leaf);
  return slot;
}

void Vfdt::release_inherited(ClassLeaf& leaf) {
  if (leaf.inherited == ClassLeaf::kNotInherited) return;
  if (--heirs_[leaf.inherited] == 0) inherited_[leaf.inherited] = ClassLeaf();
  leaf.inherited = ClassLeaf::kNotInherited;
  leaf.inherited_correct = 0;
  while (!heirs_.empty() && heirs_.back() == 0) {
    heirs_.pop_back();
    inherited_.pop_back();
  }
}

void Vfdt::release_borrowed(ClassLeaf& leaf) {
  release_inherited(leaf);
  leaf.global_correct = ClassLeaf::kNotHeld;
}

// Least promising: the leaves whose majority class errs least (MOA). Borrowed statistics, which
// only help predictions, go first (the whole stream's go on learning: one leaf's worth).
void Vfdt::enforce_memory_limit(size_t budget, BringBack bring_back) {
  if (bytes() > budget)
    for (ClassLeaf& leaf : leaves_) release_borrowed(leaf);
  deactivated_ += fit_in_budget(leaves_, bytes(), budget, bring_back);
}

}  // namespace tinymlkit
