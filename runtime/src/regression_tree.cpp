#include "tinymlkit/regression_tree.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/best_two.hpp"
#include "tinymlkit/random_subspace.hpp"
#include "tinymlkit/split_criterion.hpp"

namespace tinymlkit {
namespace {

constexpr double kMinBranchWeight = 5;  // River's min_samples_split for variance reduction

}  // namespace

bool RegressionTree::linear(const RegressionLeaf& leaf, const RegressionTreeSettings& settings) const {
  switch (settings.leaf_model) {
    case RegressionLeafModel::kMean: return false;
    case RegressionLeafModel::kLinear: return true;
    case RegressionLeafModel::kAdaptive: return leaf.linear_is_better();
  }
  return false;
}

double RegressionTree::predict_at(uint32_t node, const StandardizedExample& z,
                                  const RegressionTreeSettings& settings) const {
  const RegressionLeaf& leaf = leaves_[structure_.node(node).payload];
  return linear(leaf, settings) ? leaf.linear(z) : leaf.mean();
}

uint64_t RegressionTree::learn_at(uint32_t node, double prediction, const StandardizedExample& z,
                                  double y, double weight, const RegressionTreeSettings& settings) {
  RegressionLeaf& leaf = leaves_[structure_.node(node).payload];
  absolute_error += weight * std::fabs(y - prediction);
  leaf.learn(z, y, weight, settings.learning_rate, settings.bins);
  const double total = leaf.total_weight();
  const bool may_split = leaf.active && structure_.node(node).depth < settings.max_depth;
  if (!may_split || total - leaf.weight_at_last_attempt < settings.grace_period) return 0;
  leaf.weight_at_last_attempt = total;
  return attempt_split(node, settings);
}

// River's rule: split when the second best merit is reliably below the best one,
// merit2 / merit1 < 1 - epsilon, or when epsilon fell below the tie threshold.
uint64_t RegressionTree::attempt_split(uint32_t node, const RegressionTreeSettings& settings) {
  const uint32_t payload = structure_.node(node).payload;
  const RegressionLeaf& leaf = leaves_[payload];
  std::vector<uint32_t> features = leaf.split_candidates();
  if (settings.subspace) RandomSubspace{*settings.subspace, subspace_seed_}.keep(features, node);
  std::vector<RegressionSplit> suggestions = leaf.split_suggestions(kMinBranchWeight, features);
  if (suggestions.empty()) return 0;
  const BestTwo top = best_two<RegressionSplit>(suggestions);
  const RegressionSplit& best = suggestions[top.best];
  if (!(best.merit > 0)) return 0;
  if (suggestions.size() >= 2) {
    const double bound = hoeffding_bound(1.0, settings.split_confidence, leaf.total_weight());
    const double ratio = suggestions[top.second].merit / best.merit;
    if (!(ratio < 1.0 - bound || bound < settings.tie_threshold)) return 0;
  }
  const LeafModel model = leaf.model();
  const uint32_t right = static_cast<uint32_t>(leaves_.size());
  leaves_.emplace_back(best.right, model);
  leaves_[payload] = RegressionLeaf(best.left, model);
  const uint32_t payloads[] = {payload, right};
  structure_.split(node, best.test, payloads);
  return enforce_memory_limit(settings.max_bytes, BringBack::kNo);
}

uint64_t RegressionTree::enforce_memory_limit(size_t budget, BringBack bring_back) {
  return fit_in_budget(leaves_, bytes(), budget, bring_back);
}

void RegressionTree::shift_targets(double offset) {
  for (RegressionLeaf& leaf : leaves_) leaf.shift_targets(offset);
}

size_t RegressionTree::bytes() const { return structure_.bytes() + leaves_bytes(leaves_); }

}  // namespace tinymlkit
