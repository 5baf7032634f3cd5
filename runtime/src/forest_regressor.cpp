#include "tinymlkit/forest_regressor.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/regression_tree_settings.hpp"
#include "tinymlkit/vfdt_settings.hpp"

namespace tinymlkit {
namespace {

constexpr uint64_t kMemoryCheckPeriod = 10000;  // examples between two checks of --max-bytes
// At most what a feature index costs: its moments (32 bytes, 64 mapped) and cached standardized
// value; a stray large index is refused by it before it is met.
constexpr size_t kBytesPerFeature = 40;
// The errors the detectors see are scaled by this many standard deviations of the label: most
// errors of a useful model fall below it, as most labels fall within it of their mean.
constexpr double kErrorScaleDeviations = 3.0;

}  // namespace

ForestRegressor::ForestRegressor(const ForestRegressorConfig& config, uint64_t seed)
    : config_(config),
      settings_(regression_tree_settings_of(config, 0, config.max_features_per_split)),
      forest_(forest_settings_of(config, detects_drift<ForestRegressorConfig>), seed) {
  settings_.max_bytes = tree_budget();
}

std::expected<double, std::string> ForestRegressor::target_of(std::string_view label) {
  return regression_target(label);
}

std::expected<void, LineError> ForestRegressor::check_learnable(const Example& example) const {
  return check_feature_limit(example, config_.max_features, {kBytesPerFeature, 0, config_.max_bytes});
}

double ForestRegressor::loss(const Prediction& prediction, double target) const {
  const double error = target - prediction.value;
  return error * error;
}

// Every choice of --aggregation; a choice added to the spec does not compile until it is handled.
double ForestRegressor::combined() {
  const size_t trees = static_cast<size_t>(config_.trees);
  const auto of_forest = [&](size_t f, std::vector<double>& values) {
    const auto forest = predicted_.values().subspan(f * trees, trees);
    values.assign(forest.begin(), forest.end());
    switch (config_.aggregation) {
      case ForestRegressorConfig::Aggregation::kMedian: return median_of(values);
      case ForestRegressorConfig::Aggregation::kMean: break;
    }
    double sum = 0;
    for (double v : values) sum += v;
    return sum / static_cast<double>(values.size());
  };
  if (forest_.forests == 1) return of_forest(0, sorted_);
  forest_predictions_.resize(forest_.forests);
  for (size_t f = 0; f < forest_.forests; ++f) forest_predictions_[f].assign(1, of_forest(f, sorted_));
  const auto rule = tinymlkit::aggregate(combine_, forest_predictions_, static_cast<size_t>(combine_byzantine_));
  return rule ? rule->value[0] : coordinate_median(forest_predictions_)[0];
}

void ForestRegressor::predict(const Example& example, Prediction& out) {
  predicted_.predict(features_, example.features, forest_.members.size(), member_tree(), settings_);
  out.value = shift_ + combined();
}

double ForestRegressor::scaled_error(double error) const {
  const double scale = kErrorScaleDeviations * labels_.scale(labels_.present);
  if (!(scale > 0)) return error == 0 ? 0.0 : 1.0;
  return std::min(1.0, std::fabs(error) / scale);
}

void ForestRegressor::learn(const Example& example, double target) {
  if (labels_.present == 0) shift_ = target;
  predicted_.prepare_learning(features_, example.features, forest_.members.size(), member_tree(),
                              settings_);
  const StandardizedExample& z = predicted_.z();
  const double y = target - shift_;
  for (size_t m = 0; m < forest_.members.size(); ++m) {
    auto& member = forest_.members[m];
    const double error = scaled_error(y - predicted_.values()[m]);
    AdaptiveForest<RegressionTree>::record(member, error, example.weight);
    const uint32_t k = forest_.draw_weight();
    if (k == 0) continue;
    const double weight = example.weight * static_cast<double>(k);
    if (member.background) member.background->learn(z, y, weight, settings_);
    member.tree.learn_at(predicted_.node(m), predicted_.values()[m], z, y, weight, settings_);
    forest_.follow_drift(member, error);
  }
  features_.add(example.features);
  labels_.add(target);
  settings_.max_bytes = tree_budget();
  if (features_.count() % kMemoryCheckPeriod == 0) forest_.enforce_memory_limit(settings_.max_bytes);
}

// --max-bytes is the whole forest's: each member gets an equal share of what the features leave.
size_t ForestRegressor::tree_budget() const {
  const size_t fixed = statistics_bytes();
  const size_t budget = static_cast<size_t>(config_.max_bytes);
  return forest_.tree_budget(budget > fixed ? budget - fixed : 0);
}

// The features' moments, and the standardized example's cache.
size_t ForestRegressor::statistics_bytes() const {
  return features_.bytes() + StandardizedExample::bytes(features_);
}

size_t ForestRegressor::bytes() const { return statistics_bytes() + forest_.trees_bytes(); }

}  // namespace tinymlkit
