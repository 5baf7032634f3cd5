#include "tinymlkit/hoeffding_regressor.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/leaf_budget.hpp"
#include "tinymlkit/number_format.hpp"

namespace tinymlkit {
namespace {

constexpr double kMinBranchWeight = 5;  // River's min_samples_split for variance reduction
constexpr uint64_t kMemoryCheckPeriod = 10000;

}  // namespace

HoeffdingRegressor::HoeffdingRegressor(const HoeffdingRegressorConfig& config, uint64_t /*seed: deterministic*/)
    : config_(config) {}

std::expected<double, std::string> HoeffdingRegressor::target_of(std::string_view label) {
  return regression_target(label);
}

double HoeffdingRegressor::label_scale() const {
  const double scale = labels_.scale(labels_.present);
  return scale > 0 ? scale : 1.0;
}

void HoeffdingRegressor::standardize(const Example& example) {
  z_.assign(features_.dimension() + 1, 0.0);
  z_[0] = 1.0;
  for (size_t j = 0; j < features_.dimension(); ++j) {
    const double scale = features_.scale(j);
    if (scale > 0) z_[j + 1] = -features_.mean(j) / scale;  // an absent feature is a zero
  }
  for (const Feature& f : example.features) {
    if (f.index >= features_.dimension()) continue;
    const double scale = features_.scale(f.index);
    if (scale > 0) z_[f.index + 1] = (f.value - features_.mean(f.index)) / scale;
  }
}

// Every choice of --leaf-model; a choice added to the spec does not compile until it is handled.
bool HoeffdingRegressor::linear(const RegressionLeaf& leaf) const {
  switch (config_.leaf_model) {
    case HoeffdingRegressorConfig::LeafModel::kMean: return false;
    case HoeffdingRegressorConfig::LeafModel::kModel: return true;
    case HoeffdingRegressorConfig::LeafModel::kAdaptive: return leaf.linear_is_better();
  }
  return false;
}

double HoeffdingRegressor::leaf_prediction(const RegressionLeaf& leaf) const {
  return shift_ + (linear(leaf) ? leaf.linear(z_) : leaf.mean());
}

double HoeffdingRegressor::tree_prediction(const Tree& tree, const Example& example) const {
  return leaf_prediction(tree.leaves[tree.structure.node(tree.structure.route(example.features).node).payload]);
}

void HoeffdingRegressor::predict(const Example& example, Prediction& out) {
  standardize(example);
  if (trees_.size() == 1) {
    out.value = tree_prediction(trees_[0], example);
    return;
  }
  member_predictions_.resize(trees_.size());
  for (size_t m = 0; m < trees_.size(); ++m) member_predictions_[m].assign(1, tree_prediction(trees_[m], example));
  auto combined = tinymlkit::aggregate(combine_, member_predictions_, static_cast<size_t>(combine_byzantine_));
  out.value = combined ? combined->value[0] : coordinate_median(member_predictions_)[0];
}

double HoeffdingRegressor::loss(const Prediction& prediction, double target) const {
  const double error = target - prediction.value;
  return error * error;
}

std::expected<void, LineError> HoeffdingRegressor::check_learnable(const Example& example) const {
  // Per feature: its moments (32 bytes) and its standardized value (8).
  return check_feature_limit(example, config_.max_features, {40, 0, config_.max_bytes});
}

void HoeffdingRegressor::learn(const Example& example, double target) {
  if (labels_.present == 0) shift_ = target;
  standardize(example);  // with the statistics the prediction used
  for (Tree& tree : trees_) learn_tree(tree, example, target);
  features_.add(example.features);
  labels_.add(target);
  if (features_.count() % kMemoryCheckPeriod == 0)
    for (Tree& tree : trees_)
      deactivated_ += fit_in_budget(tree.leaves, bytes(), static_cast<size_t>(config_.max_bytes), BringBack::kYes);
}

void HoeffdingRegressor::learn_tree(Tree& tree, const Example& example, double target) {
  const uint32_t node = tree.structure.route(example.features).node;
  RegressionLeaf& leaf = tree.leaves[tree.structure.node(node).payload];
  tree.absolute_error += example.weight * std::fabs(target - leaf_prediction(leaf));
  // The leaf model maps standardized features to the label relative to the first one, in the
  // label's units: normalized LMS needs no label scale. (Kept in units of the label deviation so
  // far, its weights were inflated as that deviation grew: diabetes.txt's predictions sat near
  // 600 for labels near 150.)
  leaf.learn(example.features, target - shift_, z_, example.weight, config_.learning_rate,
             static_cast<size_t>(config_.bins));
  const double weight = leaf.total_weight();
  const bool may_split = leaf.active && tree.structure.node(node).depth < static_cast<uint32_t>(config_.max_depth);
  if (may_split && weight - leaf.weight_at_last_attempt >= static_cast<double>(config_.grace_period)) {
    leaf.weight_at_last_attempt = weight;
    attempt_split(tree, node);
  }
}

// River's rule: split when the second best merit is reliably below the best one,
// merit2 / merit1 < 1 - epsilon, or when epsilon fell below the tie threshold.
void HoeffdingRegressor::attempt_split(Tree& tree, uint32_t node) {
  const uint32_t payload = tree.structure.node(node).payload;
  std::vector<RegressionSplit> suggestions = tree.leaves[payload].split_suggestions(kMinBranchWeight);
  if (suggestions.empty()) return;
  std::stable_sort(suggestions.begin(), suggestions.end(),
                   [](const RegressionSplit& a, const RegressionSplit& b) { return a.merit < b.merit; });
  const RegressionSplit& best = suggestions.back();
  if (!(best.merit > 0)) return;
  if (suggestions.size() >= 2) {
    const double bound = hoeffding_bound(1.0, config_.split_confidence, tree.leaves[payload].total_weight());
    const double ratio = suggestions[suggestions.size() - 2].merit / best.merit;
    if (!(ratio < 1.0 - bound || bound < config_.tie_threshold)) return;
  }
  const std::vector<double> model(tree.leaves[payload].model().begin(), tree.leaves[payload].model().end());
  const uint32_t right = static_cast<uint32_t>(tree.leaves.size());
  tree.leaves.emplace_back(best.right, model);
  tree.leaves[payload] = RegressionLeaf(best.left, model);
  const uint32_t payloads[] = {payload, right};
  tree.structure.split(node, best.test, payloads);
  deactivated_ += fit_in_budget(tree.leaves, bytes(), static_cast<size_t>(config_.max_bytes), BringBack::kNo);
}

size_t HoeffdingRegressor::bytes() const {
  size_t total = 32 * features_.dimension();
  for (const Tree& tree : trees_) total += tree.structure.bytes() + leaves_bytes(tree.leaves);
  return total;
}

std::vector<SummaryFigure> HoeffdingRegressor::summary_figures() const {
  std::vector<SummaryFigure> figures = tree_figures(trees_[0].structure, trees_[0].leaves, bytes());
  for (size_t m = 1; m < trees_.size(); ++m)
    add_member_figures(figures, tree_figures(trees_[m].structure, trees_[m].leaves, 0));
  figures.push_back({"members", static_cast<double>(trees_.size() > 1 ? trees_.size() : 0)});
  return figures;
}

std::optional<std::string> HoeffdingRegressor::incompatibility(const Learner&) const { return std::nullopt; }

// The members vote; the last round's ensemble has nothing a rule starts from.
Result<size_t> HoeffdingRegressor::aggregate(std::span<const Learner* const> clients, AggregationRule rule,
                                             size_t byzantine, const Learner* /*previous*/) {
  std::vector<const HoeffdingRegressor*> models;
  std::vector<const FeatureStatistics*> statistics;
  std::vector<std::vector<double>> labels;
  for (const Learner* client : clients) {
    models.push_back(static_cast<const HoeffdingRegressor*>(client));
    statistics.push_back(&models.back()->features_);
    const ShiftedMoments& l = models.back()->labels_;
    labels.push_back({l.mean(l.present), l.variance(l.present), l.present});
  }
  TMK_ASSIGN_OR_RETURN(features_, aggregate_statistics(statistics, rule, byzantine));
  TMK_ASSIGN_OR_RETURN(Aggregate label, tinymlkit::aggregate(rule, labels, byzantine));
  labels_ = ShiftedMoments{label.value[0], label.value[2], 0.0, std::max(0.0, label.value[1]) * label.value[2]};
  shift_ = label.value[0];
  trees_.clear();
  for (const HoeffdingRegressor* model : models) {
    const auto best = std::min_element(model->trees_.begin(), model->trees_.end(),
                                       [](const Tree& a, const Tree& b) { return a.absolute_error < b.absolute_error; });
    Tree tree = *best;
    for (RegressionLeaf& leaf : tree.leaves) leaf.shift_targets(model->shift_ - shift_);
    tree.absolute_error = 0;
    trees_.push_back(std::move(tree));
  }
  combine_ = rule;
  combine_byzantine_ = byzantine;
  return label.iterations;
}

void HoeffdingRegressor::save(ByteWriter& out) const {
  features_.save(out);
  save_moments(out, labels_);
  out.f64(shift_);
  out.u64(deactivated_);
  out.str(aggregation_rule_name(combine_));
  out.u64(combine_byzantine_);
  out.u64(trees_.size());
  for (const Tree& tree : trees_) {
    out.f64(tree.absolute_error);
    out.u64(tree.leaves.size());
    for (const RegressionLeaf& leaf : tree.leaves) leaf.save(out);
    tree.structure.save(out);
  }
}

Status HoeffdingRegressor::load(ByteReader& in) {
  TMK_TRY(features_.load(in));
  if (features_.dimension() > static_cast<size_t>(config_.max_features))
    return in.malformed("more features than --max-features");
  TMK_ASSIGN_OR_RETURN(labels_, load_moments(in));
  TMK_ASSIGN_OR_RETURN(shift_, in.f64());
  if (!(std::fabs(shift_) < kMaxMagnitude)) return in.malformed("a NaN, infinite or runaway label shift");
  TMK_ASSIGN_OR_RETURN(deactivated_, in.u64());
  TMK_ASSIGN_OR_RETURN(std::string combine, in.str());
  const auto rule = parse_aggregation_rule(combine);
  if (!rule) return in.malformed("an unknown ensemble rule");
  combine_ = *rule;
  TMK_ASSIGN_OR_RETURN(combine_byzantine_, in.u64());
  TMK_ASSIGN_OR_RETURN(size_t trees, in.count(40));
  if (trees == 0) return in.malformed("a model without a tree");
  trees_.assign(trees, Tree{});
  for (Tree& tree : trees_) {
    TMK_ASSIGN_OR_RETURN(tree.absolute_error, in.f64());
    TMK_ASSIGN_OR_RETURN(size_t leaves, in.count(57));
    tree.leaves.assign(leaves, RegressionLeaf());
    for (RegressionLeaf& leaf : tree.leaves)
      TMK_TRY(leaf.load(in, features_.dimension(), static_cast<size_t>(config_.bins)));
    TMK_TRY(tree.structure.load(in, tree.leaves.size(), static_cast<uint32_t>(config_.max_depth)));
  }
  if (in.remaining() != 0) return in.malformed("bytes after the model state");
  return {};
}

void HoeffdingRegressor::describe(JsonWriter& out) const {
  out.field("task", "regression");
  out.field("examples_learned", features_.count());
  for (const SummaryFigure& figure : summary_figures()) out.field(figure.key, figure.value);
  const auto leaf_fields = [this](const Tree& tree) {
    return [this, &tree](JsonWriter& json, uint32_t payload) {
      const RegressionLeaf& leaf = tree.leaves[payload];
      json.field("weight", leaf.total_weight());
      json.field("mean", shift_ + leaf.mean());
      json.field("active", leaf.active);
      json.field("predicts_with", linear(leaf) ? "linear_model" : "mean");
      json.numbers("linear_model_standardized", leaf.model());
    };
  };
  if (trees_.size() == 1) {
    out.begin_object("tree");
    trees_[0].structure.describe(out, leaf_fields(trees_[0]));
    out.end_object();
    return;
  }
  out.field("ensemble_combines_by", aggregation_rule_name(combine_));
  out.begin_array("ensemble");
  for (const Tree& tree : trees_) {
    out.begin_object();
    tree.structure.describe(out, leaf_fields(tree));
    out.end_object();
  }
  out.end_array();
}

}  // namespace tinymlkit
