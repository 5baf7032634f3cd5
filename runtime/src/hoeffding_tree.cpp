#include "tinymlkit/hoeffding_tree.hpp"

#include "tinymlkit/leaf_budget.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tinymlkit {
namespace {

constexpr uint64_t kMemoryCheckPeriod = 10000;  // examples between two checks of --max-bytes

uint32_t argmax(std::span<const double> values) {
  return static_cast<uint32_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

// Normalizes log votes into probabilities.
void softmax(std::span<const double> log_votes, std::vector<double>& out) {
  out.assign(log_votes.begin(), log_votes.end());
  const double top = *std::max_element(out.begin(), out.end());
  if (!std::isfinite(top)) {
    std::fill(out.begin(), out.end(), 1.0 / static_cast<double>(out.size()));
    return;
  }
  double sum = 0;
  for (double& v : out) sum += v = std::exp(v - top);
  for (double& v : out) v /= sum;
}

void normalize(std::span<const double> weights, size_t classes, std::vector<double>& out) {
  out.assign(classes, 0.0);
  std::copy(weights.begin(), weights.end(), out.begin());
  const double sum = std::accumulate(out.begin(), out.end(), 0.0);
  for (double& v : out) v = sum > 0 ? v / sum : 1.0 / static_cast<double>(classes);
}

}  // namespace

HoeffdingTree::HoeffdingTree(const HoeffdingConfig& config, uint64_t /*seed: the tree is deterministic*/)
    : config_(config),
      criterion_(config.split_criterion == "gini" ? SplitCriterion::kGini : SplitCriterion::kInfoGain),
      leaf_prediction_(config.leaf_prediction == "mc"   ? LeafPrediction::kMajority
                       : config.leaf_prediction == "nb" ? LeafPrediction::kNaiveBayes
                                                        : LeafPrediction::kAdaptive),
      leaves_(1) {
  if (!config_.nominal.empty()) {
    is_nominal_.assign(config_.nominal.back() + size_t{1}, 0);
    for (uint32_t j : config_.nominal) is_nominal_[j] = 1;
  }
}

std::expected<double, std::string> HoeffdingTree::target_of(std::string_view label) {
  if (auto known = classes_.find(label)) return static_cast<double>(*known);
  return static_cast<double>(classes_.add(label));
}

LeafContext HoeffdingTree::context() {
  if (smoothing_count_ != features_.count()) {
    smoothing_count_ = features_.count();
    smoothing_.resize(features_.dimension());
    for (size_t j = 0; j < smoothing_.size(); ++j) {
      const double scale = features_.scale(j);
      smoothing_[j] = config_.variance_smoothing * scale * scale + 1e-12 * (1.0 + std::fabs(features_.mean(j)));
    }
  }
  return {classes_.size(), config_.nominal, is_nominal_, smoothing_};
}

bool HoeffdingTree::uses_naive_bayes(const ClassLeaf& leaf) const {
  if (!leaf.active || leaf.total_weight() < config_.nb_threshold) return false;
  switch (leaf_prediction_) {
    case LeafPrediction::kMajority: return false;
    case LeafPrediction::kNaiveBayes: return true;
    case LeafPrediction::kAdaptive: return leaf.naive_bayes_correct >= leaf.majority_correct;
  }
  return false;
}

HoeffdingTree::Opinions HoeffdingTree::opinions(const ClassLeaf& leaf, const Example& example) {
  Opinions result{leaf.majority_class(), leaf.majority_class()};
  if (!leaf.active || leaf_prediction_ == LeafPrediction::kMajority) return result;
  leaf.naive_bayes(example.features, context(), votes_);
  result.naive_bayes = argmax(votes_);
  return result;
}

void HoeffdingTree::predict(const Example& example, Prediction& out) {
  const size_t classes = classes_.size();
  if (classes == 0) {
    out.class_index = 0;
    out.probabilities.clear();
    return;
  }
  const TreeStructure::Route route = tree_.route(example.features);
  predicted_.valid = false;
  if (route.missing_branch) {
    // A category this split never met: the classes of the branches it has.
    std::vector<double> weights(classes, 0.0);
    for (uint32_t child : tree_.node(route.node).children)
      if (tree_.node(child).is_leaf())
        for (size_t c = 0; c < leaves_[tree_.node(child).payload].class_weights.size(); ++c)
          weights[c] += leaves_[tree_.node(child).payload].class_weights[c];
    normalize(weights, classes, out.probabilities);
  } else {
    const ClassLeaf& leaf = leaves_[tree_.node(route.node).payload];
    predicted_.opinions = opinions(leaf, example);  // leaves naive Bayes' votes in votes_
    predicted_.node = route.node;
    predicted_.features.assign(example.features.begin(), example.features.end());
    predicted_.valid = true;
    if (uses_naive_bayes(leaf)) {
      softmax(votes_, out.probabilities);
    } else {
      normalize(leaf.class_weights, classes, out.probabilities);
    }
  }
  out.class_index = argmax(out.probabilities);
  out.value = out.probabilities[out.class_index];
}

double HoeffdingTree::loss(const Prediction& prediction, double target) const {
  const size_t c = static_cast<size_t>(target);
  const double p = c < prediction.probabilities.size() ? prediction.probabilities[c] : 0.0;
  return -std::log(std::max(p, 1e-15));  // log loss
}

std::expected<void, LineError> HoeffdingTree::check_learnable(const Example& example) const {
  if (example.features.empty() || example.features.back().index < config_.max_features) return {};
  const Feature& last = example.features.back();
  return std::unexpected(LineError{last.column, "feature index " + std::to_string(last.index) +
                                                    " is not below --max-features " +
                                                    std::to_string(config_.max_features)});
}

uint32_t HoeffdingTree::leaf_for(const Example& example) {
  const TreeStructure::Route route = tree_.route(example.features);
  if (!route.missing_branch) return route.node;
  leaves_.emplace_back();
  return tree_.add_branch(route.node, route.category, static_cast<uint32_t>(leaves_.size() - 1));
}

void HoeffdingTree::learn(const Example& example, double target) {
  const uint32_t c = static_cast<uint32_t>(target);
  features_.add(example.features);
  const uint32_t node = leaf_for(example);
  ClassLeaf& leaf = leaves_[tree_.node(node).payload];
  if (leaf_prediction_ == LeafPrediction::kAdaptive && leaf.active) {
    const auto same = [](const Feature& a, const Feature& b) { return a.index == b.index && a.value == b.value; };
    const bool predicted = predicted_.valid && predicted_.node == node &&
                           std::equal(example.features.begin(), example.features.end(), predicted_.features.begin(),
                                      predicted_.features.end(), same);
    const Opinions seen = predicted ? predicted_.opinions : opinions(leaf, example);
    if (seen.majority == c) leaf.majority_correct += example.weight;
    if (seen.naive_bayes == c) leaf.naive_bayes_correct += example.weight;
  }
  predicted_.valid = false;
  leaf.learn(example.features, c, example.weight, context());
  const double weight = leaf.total_weight();
  const bool may_split = leaf.active && tree_.node(node).depth < static_cast<uint32_t>(config_.max_depth);
  if (may_split && weight - leaf.weight_at_last_attempt >= static_cast<double>(config_.grace_period)) {
    leaf.weight_at_last_attempt = weight;
    attempt_split(node);
  }
  if (features_.count() % kMemoryCheckPeriod == 0) enforce_memory_limit();
}

void HoeffdingTree::attempt_split(uint32_t node) {
  ClassLeaf& leaf = leaves_[tree_.node(node).payload];
  const auto& weights = leaf.class_weights;
  if (std::count_if(weights.begin(), weights.end(), [](double w) { return w > 0; }) < 2) return;  // pure
  std::vector<SplitSuggestion> suggestions = leaf.split_suggestions(criterion_, context(), static_cast<size_t>(config_.split_points));
  std::stable_sort(suggestions.begin(), suggestions.end(),
                   [](const SplitSuggestion& a, const SplitSuggestion& b) { return a.merit < b.merit; });
  bool should_split = suggestions.size() == 1;
  if (suggestions.size() >= 2) {
    const double bound = hoeffding_bound(merit_range(criterion_, weights.size()), config_.split_confidence,
                                         leaf.total_weight());
    const double margin = suggestions.back().merit - suggestions[suggestions.size() - 2].merit;
    should_split = margin > bound || bound < config_.tie_threshold;
  }
  if (!should_split) return;
  SplitSuggestion& best = suggestions.back();
  if (best.branches.branches() == 0) {  // not splitting is best: pre-pruning, as MOA
    leaf.deactivate();
    ++deactivated_;
    return;
  }
  const uint32_t payload = tree_.node(node).payload;
  std::vector<uint32_t> payloads{payload};
  leaves_[payload] = ClassLeaf(best.branches.branch(0));
  for (size_t b = 1; b < best.branches.branches(); ++b) {
    payloads.push_back(static_cast<uint32_t>(leaves_.size()));
    leaves_.emplace_back(best.branches.branch(b));
  }
  tree_.split(node, std::move(best.test), payloads);
  enforce_memory_limit();
}

size_t HoeffdingTree::bytes() const {
  return sizeof(*this) + tree_.bytes() + features_.dimension() * sizeof(ShiftedMoments) + leaves_bytes(leaves_);
}

// Least promising: the leaves whose majority class errs least (MOA).
void HoeffdingTree::enforce_memory_limit() {
  deactivated_ += fit_in_budget(leaves_, bytes(), static_cast<size_t>(config_.max_bytes));
}

std::vector<SummaryFigure> HoeffdingTree::summary_figures() const { return tree_figures(tree_, leaves_, bytes()); }

void HoeffdingTree::save(ByteWriter& out) const {
  classes_.save(out);
  features_.save(out);
  out.u64(deactivated_);
  out.u64(leaves_.size());
  for (const ClassLeaf& leaf : leaves_) leaf.save(out);
  tree_.save(out);
}

Status HoeffdingTree::load(ByteReader& in) {
  TMK_TRY(classes_.load(in));
  TMK_TRY(features_.load(in));
  if (features_.dimension() > static_cast<size_t>(config_.max_features))
    return in.malformed("more features than --max-features");
  TMK_ASSIGN_OR_RETURN(deactivated_, in.u64());
  TMK_ASSIGN_OR_RETURN(size_t leaves, in.count(50));
  leaves_.assign(leaves, ClassLeaf());
  for (ClassLeaf& leaf : leaves_) TMK_TRY(leaf.load(in, classes_.size(), config_.nominal.size()));
  TMK_TRY(tree_.load(in, leaves_.size()));
  if (in.remaining() != 0) return in.malformed("bytes after the model state");
  return {};
}

void HoeffdingTree::describe(JsonWriter& out) const {
  out.field("task", "classification");
  out.begin_array("classes");
  for (const std::string& name : classes_.names()) out.value(name);
  out.end_array();
  out.field("examples_learned", features_.count());
  for (const SummaryFigure& figure : summary_figures()) out.field(figure.key, figure.value);
  out.begin_object("tree");
  tree_.describe(out, [this](JsonWriter& json, uint32_t payload) {
    const ClassLeaf& leaf = leaves_[payload];
    json.begin_object("class_weights");
    for (size_t c = 0; c < leaf.class_weights.size(); ++c) json.field(classes_.name(static_cast<uint32_t>(c)), leaf.class_weights[c]);
    json.end_object();
    json.field("active", leaf.active);
    json.field("predicts_with", uses_naive_bayes(leaf) ? "naive_bayes" : "majority_class");
  });
  out.end_object();
}

}  // namespace tinymlkit
