// tinymlkit-forest-regressor: the Adaptive Random Forest for regression (Gomes et al., "Adaptive
// random forests for data stream regression", ESANN 2018), as River's ARFRegressor builds it,
// from this project's Hoeffding regression trees (regression_tree.hpp): online bagging, drift
// detection and background trees as every ARF here (adaptive_forest.hpp), a random subspace of
// the features for each leaf to split on, and the median (or mean) of the trees' predictions.
// The detectors see each tree's absolute error scaled by three standard deviations of the label
// so far and capped at 1 (River scales its errors into [0, 1] the same way for ADWIN).
//
// Federated, the aggregate of n client models is a forest of n forests (each client's own, or
// the one that predicted best on its data if it continued from an aggregate), combined by the
// round's rule (the median by default), so fewer than n/2 bad forests cannot move it far.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tinymlkit/adaptive_forest.hpp"
#include "tinymlkit/config/forest-regressor.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/federated_learner.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/predicted_example.hpp"
#include "tinymlkit/regression_tree.hpp"

namespace tinymlkit {

class ForestRegressor final : public Learner, public FederatedLearner {
 public:
  ForestRegressor(const ForestRegressorConfig& config, uint64_t seed);

  Task task() const override { return Task::kRegression; }
  std::expected<double, std::string> target_of(std::string_view label) override;
  std::string_view class_name(uint32_t) const override { return {}; }
  size_t class_count() const override { return 0; }
  void predict(const Example& example, Prediction& out) override;
  std::expected<void, LineError> check_learnable(const Example& example) const override;
  void learn(const Example& example, double target) override;
  double loss(const Prediction& prediction, double target) const override;
  void save(ByteWriter& out) const override;
  Status load(ByteReader& in) override;
  void describe(JsonWriter& out) const override;
  std::vector<SummaryFigure> summary_figures() const override;
  Result<std::string> export_c(std::string_view program, std::string_view writer) const override;
  Result<std::string> export_onnx(std::string_view program, std::string_view writer) const override;
  const FederatedLearner* federated() const override { return this; }
  FederatedLearner* federated() override { return this; }
  void save_summary(ByteWriter& out) const override { save(out); }  // a forest holds no raw example
  std::optional<std::string> incompatibility(const Learner& other) const override;
  Result<size_t> aggregate(std::span<const Learner* const> clients, AggregationRule rule, size_t byzantine,
                           const Learner* previous) override;

 private:
  // The trees as --export-c's and --export-onnx's tables.
  Result<RegressionTreeTables> export_tables() const;
  // Member m's tree, as predicted_ asks for it.
  auto member_tree() const {
    return [this](size_t m) -> const RegressionTree& { return forest_.members[m].tree; };
  }
  // The forest's prediction from predicted_.values(), relative to shift_.
  double combined();
  // A member's absolute error scaled into [0, 1], for its record and its detectors.
  double scaled_error(double error) const;
  size_t tree_budget() const;
  size_t statistics_bytes() const;  // what --max-bytes leaves the trees after them
  size_t bytes() const;

  ForestRegressorConfig config_;
  RegressionTreeSettings settings_;
  FeatureStatistics features_;
  ShiftedMoments labels_;
  double shift_ = 0;  // the first label: the trees' targets are relative to it
  AdaptiveForest<RegressionTree> forest_;
  AggregationRule combine_ = AggregationRule::kMedian;  // how an aggregate's forests combine
  uint64_t combine_byzantine_ = 0;

  PredictedExample predicted_;  // by the members; reused on every example
  std::vector<double> sorted_;  // one forest's predictions, for their median
  std::vector<std::vector<double>> forest_predictions_;
};

}  // namespace tinymlkit
