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
    : config_(config),
      leaf_model_(config.leaf_model == "mean"    ? LeafModel::kMean
                  : config.leaf_model == "model" ? LeafModel::kLinear
                                                 : LeafModel::kAdaptive),
      leaves_(1) {}

std::expected<double, std::string> HoeffdingRegressor::target_of(std::string_view label) {
  double value = 0;
  if (!parse_finite_number(label, value))
    return std::unexpected("expected a finite number as the label of a regression, got '" + std::string(label) + "'");
  return value;
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

double HoeffdingRegressor::leaf_prediction(const RegressionLeaf& leaf) const {
  const bool linear = leaf_model_ == LeafModel::kLinear || (leaf_model_ == LeafModel::kAdaptive && leaf.linear_is_better());
  return linear ? label_mean() + label_scale() * leaf.linear(z_) : shift_ + leaf.mean();
}

void HoeffdingRegressor::predict(const Example& example, Prediction& out) {
  standardize(example);
  out.value = leaf_prediction(leaves_[tree_.node(tree_.route(example.features).node).payload]);
}

double HoeffdingRegressor::loss(const Prediction& prediction, double target) const {
  const double error = target - prediction.value;
  return error * error;
}

std::expected<void, LineError> HoeffdingRegressor::check_learnable(const Example& example) const {
  return check_feature_limit(example, config_.max_features);
}

void HoeffdingRegressor::learn(const Example& example, double target) {
  if (labels_.present == 0) shift_ = target;
  standardize(example);  // with the statistics the prediction used
  const uint32_t node = tree_.route(example.features).node;
  RegressionLeaf& leaf = leaves_[tree_.node(node).payload];
  const double linear_y = label_mean() + label_scale() * leaf.linear(z_) - shift_;
  const double t = (target - label_mean()) / label_scale();
  leaf.learn(example.features, target - shift_, linear_y, z_, t, example.weight, config_.learning_rate,
             static_cast<size_t>(config_.bins));
  features_.add(example.features);
  labels_.add(target);
  const double weight = leaf.total_weight();
  const bool may_split = leaf.active && tree_.node(node).depth < static_cast<uint32_t>(config_.max_depth);
  if (may_split && weight - leaf.weight_at_last_attempt >= static_cast<double>(config_.grace_period)) {
    leaf.weight_at_last_attempt = weight;
    attempt_split(node);
  }
  if (features_.count() % kMemoryCheckPeriod == 0)
    deactivated_ += fit_in_budget(leaves_, bytes(), static_cast<size_t>(config_.max_bytes));
}

// River's rule: split when the second best merit is reliably below the best one,
// merit2 / merit1 < 1 - epsilon, or when epsilon fell below the tie threshold.
void HoeffdingRegressor::attempt_split(uint32_t node) {
  const uint32_t payload = tree_.node(node).payload;
  std::vector<RegressionSplit> suggestions = leaves_[payload].split_suggestions(kMinBranchWeight);
  if (suggestions.empty()) return;
  std::stable_sort(suggestions.begin(), suggestions.end(),
                   [](const RegressionSplit& a, const RegressionSplit& b) { return a.merit < b.merit; });
  const RegressionSplit& best = suggestions.back();
  if (!(best.merit > 0)) return;
  if (suggestions.size() >= 2) {
    const double bound = hoeffding_bound(1.0, config_.split_confidence, leaves_[payload].total_weight());
    const double ratio = suggestions[suggestions.size() - 2].merit / best.merit;
    if (!(ratio < 1.0 - bound || bound < config_.tie_threshold)) return;
  }
  const std::vector<double> model(leaves_[payload].model().begin(), leaves_[payload].model().end());
  const uint32_t right = static_cast<uint32_t>(leaves_.size());
  leaves_.emplace_back(best.right, model);
  leaves_[payload] = RegressionLeaf(best.left, model);
  const uint32_t payloads[] = {payload, right};
  tree_.split(node, best.test, payloads);
  deactivated_ += fit_in_budget(leaves_, bytes(), static_cast<size_t>(config_.max_bytes));
}

size_t HoeffdingRegressor::bytes() const {
  return 32 * features_.dimension() + tree_.bytes() + leaves_bytes(leaves_);
}

std::vector<SummaryFigure> HoeffdingRegressor::summary_figures() const { return tree_figures(tree_, leaves_, bytes()); }

void HoeffdingRegressor::save(ByteWriter& out) const {
  features_.save(out);
  save_moments(out, labels_);
  out.f64(shift_);
  out.u64(deactivated_);
  out.u64(leaves_.size());
  for (const RegressionLeaf& leaf : leaves_) leaf.save(out);
  tree_.save(out);
}

Status HoeffdingRegressor::load(ByteReader& in) {
  TMK_TRY(features_.load(in));
  if (features_.dimension() > static_cast<size_t>(config_.max_features))
    return in.malformed("more features than --max-features");
  TMK_ASSIGN_OR_RETURN(labels_, load_moments(in));
  TMK_ASSIGN_OR_RETURN(shift_, in.f64());
  if (!std::isfinite(shift_)) return in.malformed("a NaN or infinite label shift");
  TMK_ASSIGN_OR_RETURN(deactivated_, in.u64());
  TMK_ASSIGN_OR_RETURN(size_t leaves, in.count(57));
  leaves_.assign(leaves, RegressionLeaf());
  for (RegressionLeaf& leaf : leaves_) TMK_TRY(leaf.load(in, features_.dimension(), static_cast<size_t>(config_.bins)));
  TMK_TRY(tree_.load(in, leaves_.size()));
  if (in.remaining() != 0) return in.malformed("bytes after the model state");
  return {};
}

void HoeffdingRegressor::describe(JsonWriter& out) const {
  out.field("task", "regression");
  out.field("examples_learned", features_.count());
  for (const SummaryFigure& figure : summary_figures()) out.field(figure.key, figure.value);
  out.begin_object("tree");
  tree_.describe(out, [this](JsonWriter& json, uint32_t payload) {
    const RegressionLeaf& leaf = leaves_[payload];
    json.field("weight", leaf.total_weight());
    json.field("mean", shift_ + leaf.mean());
    json.field("active", leaf.active);
    const bool linear = leaf_model_ == LeafModel::kLinear || (leaf_model_ == LeafModel::kAdaptive && leaf.linear_is_better());
    json.field("predicts_with", linear ? "linear_model" : "mean");
    json.numbers("linear_model_standardized", leaf.model());
  });
  out.end_object();
}

}  // namespace tinymlkit

namespace tinymlkit {

std::optional<std::string> HoeffdingRegressor::incompatibility(const Learner&) const { return std::nullopt; }

Result<size_t> HoeffdingRegressor::aggregate(std::span<const Learner* const>, AggregationRule, size_t) {
  return fail(ExitCode::kUsage, "aggregating trees into an ensemble is not available yet");
}

}  // namespace tinymlkit
