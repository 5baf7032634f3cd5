#include "tinymlkit/vfdt.hpp"
#include "tinymlkit/portable_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "tinymlkit/best_two.hpp"
#include "tinymlkit/leaf_budget.hpp"

namespace tinymlkit {

void softmax(std::span<const double> log_votes, std::vector<double>& out) {
  out.assign(log_votes.begin(), log_votes.end());
  const double top = *std::max_element(out.begin(), out.end());
  if (!std::isfinite(top)) {
    std::fill(out.begin(), out.end(), 1.0 / static_cast<double>(out.size()));
    return;
  }
  double sum = 0;
  for (double& v : out) sum += v = math::exp(v - top);
  for (double& v : out) v /= sum;
}

void normalize(std::span<const double> weights, size_t classes, std::vector<double>& out) {
  out.assign(classes, 0.0);
  std::copy(weights.begin(), weights.end(), out.begin());
  const double sum = std::accumulate(out.begin(), out.end(), 0.0);
  for (double& v : out) v = sum > 0 ? v / sum : 1.0 / static_cast<double>(classes);
}

bool Vfdt::uses_naive_bayes(const ClassLeaf& leaf, const VfdtSettings& settings) const {
  if (!leaf.active || leaf.total_weight() < settings.nb_threshold) return false;
  switch (settings.leaf_prediction) {
    case LeafPrediction::kMajority: return false;
    case LeafPrediction::kNaiveBayes: return true;
    case LeafPrediction::kAdaptive: return leaf.naive_bayes_correct >= leaf.majority_correct;
  }
  return false;
}

Vfdt::Opinions Vfdt::opinions(const ClassLeaf& leaf, std::span<const Feature> features, const LeafContext& context,
                              const VfdtSettings& settings, std::vector<double>& votes) const {
  const uint32_t majority = leaf.majority_class(context);
  Opinions result{majority, majority};
  if (!leaf.active || settings.leaf_prediction == LeafPrediction::kMajority) return result;
  leaf.naive_bayes(features, context, votes);
  result.naive_bayes = best_class(votes, context.class_rank);
  // No class possible (a Gaussian without spread met another value): MOA's naive Bayes then
  // names the first class the leaf holds.
  if (votes[result.naive_bayes] == -std::numeric_limits<double>::infinity()) result.naive_bayes = leaf.first_class(context);
  return result;
}

Vfdt::Prediction Vfdt::predict(std::span<const Feature> features, const LeafContext& context,
                               const VfdtSettings& settings, std::vector<double>& votes,
                               std::vector<double>& probabilities) const {
  const TreeStructure::Route route = tree_.route(features);
  if (route.missing_branch) {
    // A category this split never met: the classes the split had when it was made (MOA).
    normalize(split_weights_[route.node], context.classes, probabilities);
    const uint32_t best = best_class(probabilities, context.class_rank);
    return {TreeStructure::kNone, {best, best}};
  }
  const ClassLeaf& leaf = leaves_[tree_.node(route.node).payload];
  const Opinions seen = opinions(leaf, features, context, settings, votes);  // naive Bayes' votes in `votes`
  if (uses_naive_bayes(leaf, settings)) {
    softmax(votes, probabilities);
  } else {
    normalize(leaf.class_weights, context.classes, probabilities);
  }
  return {route.node, seen};
}

void Vfdt::learn(std::span<const Feature> features, uint32_t class_index, double weight, const LeafContext& context,
                 const VfdtSettings& settings, const Prediction* seen, std::vector<double>& votes) {
  // The leaf predict() reached for this very example is where it is learned: the tree has not
  // changed since, so it need not be found again.
  TreeStructure::Route route = seen != nullptr && seen->node != TreeStructure::kNone
                                   ? TreeStructure::Route{seen->node, false, 0.0}
                                   : tree_.route(features);
  if (route.missing_branch) {
    leaves_.emplace_back();
    route.node = tree_.add_branch(route.node, route.category, static_cast<uint32_t>(leaves_.size() - 1));
  }
  const uint32_t node = route.node;
  ClassLeaf& leaf = leaves_[tree_.node(node).payload];
  if (settings.leaf_prediction == LeafPrediction::kAdaptive && leaf.active) {
    const Opinions judged = seen != nullptr && seen->node == node ? seen->opinions
                                                                  : opinions(leaf, features, context, settings, votes);
    if (judged.majority == class_index) leaf.majority_correct += weight;
    if (judged.naive_bayes == class_index) leaf.naive_bayes_correct += weight;
  }
  leaf.learn(features, class_index, weight, context);
  const double total = leaf.total_weight();
  const bool may_split = leaf.active && tree_.node(node).depth < settings.max_depth;
  if (may_split && total - leaf.weight_at_last_attempt >= settings.grace_period) {
    leaf.weight_at_last_attempt = total;
    attempt_split(node, context, settings);
  }
}

void Vfdt::attempt_split(uint32_t node, const LeafContext& context, const VfdtSettings& settings) {
  ClassLeaf& leaf = leaves_[tree_.node(node).payload];
  const auto& weights = leaf.class_weights;
  if (std::count_if(weights.begin(), weights.end(), [](double w) { return w > 0; }) < 2) return;  // pure
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
    const double margin = suggestions[top.best].merit - suggestions[top.second].merit;
    should_split = margin > bound || bound < settings.tie_threshold;
  }
  if (!should_split) return;
  SplitSuggestion& best = suggestions[top.best];
  if (best.branches.branches() == 0) {  // not splitting is best: pre-pruning, as MOA
    leaf.deactivate();
    ++deactivated_;
    return;
  }
  if (best.test.nominal) {
    split_weights_.resize(tree_.node_count());
    split_weights_[node] = leaf.class_weights;
  }
  const uint32_t payload = tree_.node(node).payload;
  std::vector<uint32_t> payloads{payload};
  leaves_[payload] = ClassLeaf(best.branches.branch(0));
  for (size_t b = 1; b < best.branches.branches(); ++b) {
    payloads.push_back(static_cast<uint32_t>(leaves_.size()));
    leaves_.emplace_back(best.branches.branch(b));
  }
  tree_.split(node, std::move(best.test), payloads);
  enforce_memory_limit(settings.max_bytes, BringBack::kNo);
}

// Least promising: the leaves whose majority class errs least (MOA).
void Vfdt::enforce_memory_limit(size_t budget, BringBack bring_back) {
  deactivated_ += fit_in_budget(leaves_, bytes(), budget, bring_back);
}

size_t Vfdt::bytes() const { return tree_.bytes() + leaves_bytes(leaves_); }

std::vector<SummaryFigure> Vfdt::figures() const { return tree_figures(tree_, leaves_, bytes()); }

}  // namespace tinymlkit
