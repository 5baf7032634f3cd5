// What a Hoeffding regression tree keeps at a leaf: the target's moments (with the share
// inherited from the split that made the leaf, for predicting; those of the examples learned
// here, for splitting, since only those are in the histograms), a target histogram per numeric feature for
// finding splits, and a linear model of its own; "adaptive" leaves predict with whichever of
// the mean and the linear model has had the smaller absolute error there (River's
// HoeffdingTreeRegressor). Targets and features are standardized by the tree's running
// statistics, so one learning rate fits every leaf.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/split_criterion.hpp"
#include "tinymlkit/target_histogram.hpp"
#include "tinymlkit/tree_structure.hpp"

namespace tinymlkit {

struct RegressionSplit {
  double merit;
  SplitTest test;
  TargetMoments left, right;
};

class RegressionLeaf {
 public:
  RegressionLeaf() = default;
  // A new leaf below a split: its share of the parent's target, and the parent's linear model.
  RegressionLeaf(const TargetMoments& initial, std::span<const double> model);

  // `y` is the target, shifted by the tree's constant; `z` holds the standardized features (bias
  // first), from which the linear model predicts y in the label's units.
  void learn(std::span<const Feature> features, double y, std::span<const double> z, double weight,
             double learning_rate, size_t bins);
  double mean() const { return total_.weight > 0 ? total_.sum / total_.weight : 0.0; }
  double linear(std::span<const double> z) const;
  bool linear_is_better() const { return linear_error_ < mean_error_; }

  // The features the leaf has met, which it could split on.
  std::vector<uint32_t> split_candidates() const;
  // The best split on each of `features` (sorted, from split_candidates()) that leaves each
  // branch at least min_branch_weight.
  std::vector<RegressionSplit> split_suggestions(double min_branch_weight, std::span<const uint32_t> features) const;
  void deactivate();
  // Collects statistics again, from nothing, after deactivation to fit --max-bytes.
  void reactivate();
  // Re-expresses the leaf's targets relative to another constant: y becomes y + offset.
  void shift_targets(double offset);

  double total_weight() const { return total_.weight; }
  // Squared error left at the leaf: where a split could gain most.
  double promise() const { return total_.weight * total_.variance(); }
  size_t bytes() const;
  std::span<const double> model() const { return model_; }

  double weight_at_last_attempt = 0;
  bool active = true;
  bool over_budget = false;  // inactive to fit --max-bytes, not pre-pruned: it may come back

  void save(ByteWriter& out) const;
  Status load(ByteReader& in, size_t dimension, size_t bins);

 private:
  TargetMoments total_;    // inherited and learned: what the leaf predicts with
  TargetMoments learned_;  // learned here: what its histograms saw (absent values are zeros of it)
  std::vector<double> model_;  // bias first: standardized features to the shifted label
  double mean_error_ = 0;      // absolute errors, summed, of each predictor before it learned
  double linear_error_ = 0;
  std::vector<TargetHistogram> histograms_;
  size_t histogram_bytes_ = 0;  // the histograms' bytes(), kept as they grow: budget checks follow every split
};

}  // namespace tinymlkit
