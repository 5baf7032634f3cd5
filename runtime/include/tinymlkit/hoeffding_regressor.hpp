// tinymlkit-hoeffding-regressor: a Hoeffding tree for regression in the FIMT-DD family, as
// River's HoeffdingTreeRegressor: a leaf splits on the largest variance reduction when the
// Hoeffding bound says the second best's merit ratio is reliably below one (or the bound fell
// below the tie threshold). Leaves predict with their mean, their own linear model, or whichever
// has had the smaller absolute error there.
//
// Federated, the aggregate of n client models is an ensemble of n trees (each client's own, or
// the member with the smallest error on its data), predicting with the median of their
// predictions (or the --aggregate rule's combination), so fewer than n/2 bad trees cannot move
// it far. Every member keeps learning on each example.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinymlkit/config/hoeffding-regressor.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/federated_learner.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/predicted_example.hpp"
#include "tinymlkit/regression_tree.hpp"

namespace tinymlkit {

class HoeffdingRegressor final : public Learner, public FederatedLearner {
 public:
  HoeffdingRegressor(const HoeffdingRegressorConfig& config, uint64_t seed);

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
  void save_summary(ByteWriter& out) const override { save(out); }  // a tree holds no raw example
  FederatedLearner* federated() override { return this; }
  std::optional<std::string> incompatibility(const Learner& other) const override;
  Result<size_t> aggregate(std::span<const Learner* const> clients, AggregationRule rule, size_t byzantine,
                           const Learner* previous) override;

 private:
  // The trees as --export-c's and --export-onnx's tables.
  Result<RegressionTreeTables> export_tables() const;
  size_t tree_budget() const;  // each tree's share of --max-bytes
  // Tree m, as predicted_ asks for it.
  auto tree_at() const {
    return [this](size_t m) -> const RegressionTree& { return trees_[m]; };
  }
  size_t bytes() const;

  HoeffdingRegressorConfig config_;
  RegressionTreeSettings settings_;
  FeatureStatistics features_;
  ShiftedMoments labels_;
  double shift_ = 0;  // the first label: leaf statistics are kept relative to it
  std::vector<RegressionTree> trees_ = std::vector<RegressionTree>(1);  // one, or an aggregate's ensemble
  AggregationRule combine_ = AggregationRule::kMedian;
  uint64_t combine_byzantine_ = 0;
  uint64_t deactivated_ = 0;
  PredictedExample predicted_;  // by the trees; reused on every example
  std::vector<std::vector<double>> member_predictions_;
};

}  // namespace tinymlkit
