#include "tinymlkit/vfdt.hpp"
#include "tinymlkit/portable_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

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

Vfdt::Voice Vfdt::voice(const ClassLeaf& leaf, const VfdtSettings& settings) const {
  if (!leaf.active || leaf.total_weight() < settings.nb_threshold) return Voice::kMajority;
  switch (settings.leaf_prediction) {
    case LeafPrediction::kMajority:
      return Voice::kMajority;
    case LeafPrediction::kNaiveBayes:
      return Voice::kNaiveBayes;
    case LeafPrediction::kAdaptive: {
      // Ties go to the borrowed statistics, which have learned more, and between them to the
      // inherited ones, of the nearer region.
      const double own = std::max(leaf.naive_bayes_correct, leaf.majority_correct);
      if (leaf.inherited != ClassLeaf::kNotInherited &&
          leaf.inherited_correct >= std::max(own, leaf.global_correct))
        return Voice::kInherited;
      if (leaf.global_correct >= own) return Voice::kGlobal;  // never where it is not held
      return leaf.naive_bayes_correct >= leaf.majority_correct ? Voice::kNaiveBayes
                                                               : Voice::kMajority;
    }
  }
  return Voice::kMajority;
}

Vfdt::Opinions Vfdt::opinions(const ClassLeaf& leaf, std::span<const Feature> features, const LeafContext& context,
                              const VfdtSettings& settings, std::vector<double>& votes) const {
  const uint32_t majority = leaf.majority_class(context);
  Opinions result{majority, majority};
  if (!leaf.active || settings.leaf_prediction == LeafPrediction::kMajority) return result;
  // Its own naive Bayes, the one it inherited (the split leaf's, prior included) and the whole
  // stream's, if it holds them; the one the leaf predicts with goes last, so that its votes stay
  // in `votes`.
  struct Voter {
    const ClassLeaf* statistics;
    uint32_t* opinion;
  };
  const bool inherits = leaf.inherited != ClassLeaf::kNotInherited;
  Voter voters[3] = {{inherits ? &inherited_[leaf.inherited] : nullptr, &result.inherited},
                     {leaf.holds_global() ? &global_ : nullptr, &result.global},
                     {&leaf, &result.naive_bayes}};
  const Voice said = voice(leaf, settings);
  if (said == Voice::kInherited || said == Voice::kGlobal)
    std::swap(voters[said == Voice::kInherited ? 0 : 1], voters[2]);
  for (const Voter& voter : voters) {
    if (voter.statistics == nullptr) continue;
    voter.statistics->naive_bayes(features, context, votes);
    const uint32_t best = best_class(votes, context.class_rank);
    // No class possible (a Gaussian without spread met another value): MOA's naive Bayes then
    // names the first class the leaf holds.
    *voter.opinion =
        votes[best] == -std::numeric_limits<double>::infinity() ? leaf.first_class(context) : best;
  }
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
  if (voice(leaf, settings) == Voice::kMajority) {
    normalize(leaf.class_weights, context.classes, probabilities);
  } else {
    softmax(votes, probabilities);
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
    if (judged.inherited == class_index) leaf.inherited_correct += weight;
    if (judged.global == class_index) leaf.global_correct += weight;
  }
  leaf.learn(features, class_index, weight, context);
  if (settings.global_naive_bayes) global_.learn(features, class_index, weight, context);
  if (leaf.inherited != ClassLeaf::kNotInherited)
    inherited_[leaf.inherited].learn(features, class_index, weight, context);
  const double total = leaf.total_weight();
  const bool may_split = leaf.active && tree_.node(node).depth < settings.max_depth;
  if (may_split && total - leaf.weight_at_last_attempt >= settings.grace_period) {
    leaf.weight_at_last_attempt = total;
    // The leaf's own predictors have been right as often: borrowed statistics have served.
    const double own = std::max(leaf.naive_bayes_correct, leaf.majority_correct);
    if (own >= leaf.inherited_correct) release_inherited(leaf);
    if (own >= leaf.global_correct) leaf.global_correct = ClassLeaf::kNotHeld;
    attempt_split(node, context, settings);
  }
}

size_t Vfdt::bytes() const {
  size_t total = tree_.bytes() + leaves_bytes(leaves_);
  for (const ClassLeaf& statistics : inherited_) total += sizeof(uint32_t) + statistics.bytes();
  total += global_.bytes();
  return total;
}

std::vector<SummaryFigure> Vfdt::figures() const { return tree_figures(tree_, leaves_, bytes()); }

}  // namespace tinymlkit
