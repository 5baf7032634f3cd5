#include "tinymlkit/hoeffding_regressor.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/regression_round.hpp"
#include "tinymlkit/regression_tree_settings.hpp"

namespace tinymlkit {
namespace {

constexpr uint64_t kMemoryCheckPeriod = 10000;

}  // namespace

HoeffdingRegressor::HoeffdingRegressor(const HoeffdingRegressorConfig& config, uint64_t /*seed: deterministic*/)
    : config_(config), settings_(regression_tree_settings_of(config, 0, std::nullopt)) {
  settings_.max_bytes = tree_budget();
}

std::expected<double, std::string> HoeffdingRegressor::target_of(std::string_view label) {
  return regression_target(label);
}

void HoeffdingRegressor::predict(const Example& example, Prediction& out) {
  predicted_.predict(features_, example.features, trees_.size(), tree_at(), settings_);
  if (trees_.size() == 1) {
    out.value = shift_ + predicted_.values()[0];
    return;
  }
  member_predictions_.resize(trees_.size());
  for (size_t m = 0; m < trees_.size(); ++m)
    member_predictions_[m].assign(1, shift_ + predicted_.values()[m]);
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
  predicted_.prepare_learning(features_, example.features, trees_.size(), tree_at(), settings_);
  // The leaf model maps standardized features to the label relative to the first one, in the
  // label's units: normalized LMS needs no label scale. (Kept in units of the label deviation so
  // far, its weights were inflated as that deviation grew: diabetes.txt's predictions sat near
  // 600 for labels near 150.)
  for (size_t m = 0; m < trees_.size(); ++m)
    deactivated_ += trees_[m].learn_at(predicted_.node(m), predicted_.values()[m], predicted_.z(),
                                       target - shift_, example.weight, settings_);
  features_.add(example.features);
  labels_.add(target);
  settings_.max_bytes = tree_budget();
  if (features_.count() % kMemoryCheckPeriod == 0)
    for (RegressionTree& tree : trees_) deactivated_ += tree.enforce_memory_limit(settings_.max_bytes, BringBack::kYes);
}

// --max-bytes is the whole model's: each tree gets an equal share of what the features leave.
size_t HoeffdingRegressor::tree_budget() const {
  const size_t fixed = features_.bytes() + StandardizedExample::bytes(features_);
  const size_t budget = static_cast<size_t>(config_.max_bytes);
  return (budget > fixed ? budget - fixed : 0) / trees_.size();
}

size_t HoeffdingRegressor::bytes() const {
  size_t total = features_.bytes() + StandardizedExample::bytes(features_);
  for (const RegressionTree& tree : trees_) total += tree.bytes();
  return total;
}

std::vector<SummaryFigure> HoeffdingRegressor::summary_figures() const {
  std::vector<SummaryFigure> figures = trees_[0].figures();
  for (size_t m = 1; m < trees_.size(); ++m) add_member_figures(figures, trees_[m].figures());
  figures.back().value = static_cast<double>(bytes());  // the whole model's
  figures.push_back({"members", static_cast<double>(trees_.size() > 1 ? trees_.size() : 0)});
  return figures;
}

std::optional<std::string> HoeffdingRegressor::incompatibility(const Learner&) const { return std::nullopt; }

// The members vote; the last round's ensemble has nothing a rule starts from.
Result<size_t> HoeffdingRegressor::aggregate(std::span<const Learner* const> clients, AggregationRule rule,
                                             size_t byzantine, const Learner* /*previous*/) {
  std::vector<const HoeffdingRegressor*> models;
  std::vector<const FeatureStatistics*> statistics;
  std::vector<const ShiftedMoments*> labels;
  for (const Learner* client : clients) {
    models.push_back(static_cast<const HoeffdingRegressor*>(client));
    statistics.push_back(&models.back()->features_);
    labels.push_back(&models.back()->labels_);
  }
  TMK_ASSIGN_OR_RETURN(RegressionRound round, regression_round(statistics, labels, rule, byzantine));
  features_ = std::move(round.features);
  labels_ = round.labels;
  shift_ = round.shift;
  trees_.clear();
  predicted_.forget();
  for (const HoeffdingRegressor* model : models) {
    const auto best = std::min_element(
        model->trees_.begin(), model->trees_.end(),
        [](const RegressionTree& a, const RegressionTree& b) { return a.absolute_error < b.absolute_error; });
    RegressionTree tree = *best;
    tree.shift_targets(model->shift_ - shift_);
    tree.absolute_error = 0;
    trees_.push_back(std::move(tree));
  }
  combine_ = rule;
  combine_byzantine_ = byzantine;
  settings_.max_bytes = tree_budget();
  return round.iterations;
}

void HoeffdingRegressor::save(ByteWriter& out) const {
  features_.save(out);
  save_moments(out, labels_);
  out.f64(shift_);
  out.u64(deactivated_);
  out.str(aggregation_rule_name(combine_));
  out.u64(combine_byzantine_);
  out.u64(trees_.size());
  for (const RegressionTree& tree : trees_) tree.save(out);
}

Status HoeffdingRegressor::load(ByteReader& in) {
  predicted_.forget();
  TMK_TRY(features_.load(in, static_cast<size_t>(config_.max_features)));
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
  trees_.assign(trees, RegressionTree());
  for (RegressionTree& tree : trees_)
    TMK_TRY(tree.load(in, features_.dimension(), settings_.bins, settings_.max_depth));
  if (in.remaining() != 0) return in.malformed("bytes after the model state");
  settings_.max_bytes = tree_budget();
  return {};
}

void HoeffdingRegressor::describe(JsonWriter& out) const {
  out.field("task", "regression");
  out.field("examples_learned", features_.count());
  for (const SummaryFigure& figure : summary_figures()) out.field(figure.key, figure.value);
  if (trees_.size() == 1) {
    out.begin_object("tree");
    trees_[0].describe(out, shift_, settings_);
    out.end_object();
    return;
  }
  out.field("ensemble_combines_by", aggregation_rule_name(combine_));
  out.begin_array("ensemble");
  for (const RegressionTree& tree : trees_) {
    out.begin_object();
    tree.describe(out, shift_, settings_);
    out.end_object();
  }
  out.end_array();
}

}  // namespace tinymlkit
