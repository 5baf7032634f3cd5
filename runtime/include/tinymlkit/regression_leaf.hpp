// What a Hoeffding regression tree keeps at a leaf: the target's moments (with the share
// inherited from the split that made the leaf, for predicting; those of the examples learned
// here, for splitting, since only those are in the histograms), a target histogram per numeric
// feature for finding splits, and a linear model of its own; "adaptive" leaves predict with
// whichever of the mean and the linear model has had the smaller absolute error there (River's
// HoeffdingTreeRegressor). Targets and features are standardized by the tree's running
// statistics, so one learning rate fits every leaf. Both the linear model and the histograms hold
// only the features the leaf (or, for the model, the leaves it split from) has met: one row with
// a high feature index cost every leaf a weight and a histogram per index below it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/split_criterion.hpp"
#include "tinymlkit/target_histogram.hpp"
#include "tinymlkit/tree_structure.hpp"

namespace tinymlkit {

struct RegressionSplit {
  double merit;
  SplitTest test;
  TargetMoments left, right;
};

// A linear leaf's model: a bias, then a weight per feature listed, in index order.
struct LeafModel {
  std::vector<uint32_t> features;  // sorted
  std::vector<double> weights;     // the bias first, then one per feature

  LeafModel() : weights(1, 0.0) {}
  // The model's prediction for the standardized example: the bias, then the products in index
  // order.
  double predict(const StandardizedExample& z) const;
  // Lists the example's features it did not hold yet, each with weight 0.
  void include(std::span<const Feature> features);
  // visit(k, input) for the bias (k = 0, input 1), then each feature's standardized value in
  // index order (k = its place in weights): the order every sum over the inputs adds them in.
  template <class Visit>
  void for_each_input(const StandardizedExample& z, Visit&& visit) const {
    visit(size_t{0}, 1.0);
    const std::span<const Feature> present = z.features();
    size_t i = 0;
    for (size_t k = 0; k < features.size(); ++k) {
      const uint32_t j = features[k];
      while (i < present.size() && present[i].index < j) ++i;
      visit(k + 1,
            z.value(j, i < present.size() && present[i].index == j ? &present[i].value : nullptr));
    }
  }
};

class RegressionLeaf {
 public:
  RegressionLeaf() = default;
  // A new leaf below a split: its share of the parent's target, and the parent's linear model.
  RegressionLeaf(const TargetMoments& initial, LeafModel model);

  // `y` is the target, shifted by the tree's constant; `z` is the example standardized, from
  // which the linear model predicts y in the label's units.
  void learn(const StandardizedExample& z, double y, double weight, double learning_rate,
             size_t bins);
  double mean() const { return total_.weight > 0 ? total_.sum / total_.weight : 0.0; }
  double linear(const StandardizedExample& z) const { return model_.predict(z); }
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
  const LeafModel& model() const { return model_; }

  double weight_at_last_attempt = 0;
  bool active = true;
  bool over_budget = false;  // inactive to fit --max-bytes, not pre-pruned: it may come back

  void save(ByteWriter& out) const;
  Status load(ByteReader& in, size_t dimension, size_t bins);

 private:
  // The histogram of `feature`, or null where the leaf has not met it.
  const TargetHistogram* histogram(uint32_t feature) const;

  TargetMoments total_;    // inherited and learned: what the leaf predicts with
  TargetMoments learned_;  // learned here: what its histograms saw (absent values are zeros of it)
  LeafModel model_;        // standardized features to the shifted label
  double mean_error_ = 0;  // absolute errors, summed, of each predictor before it learned
  double linear_error_ = 0;
  std::vector<uint32_t> histogram_features_;  // sorted: the features met here
  std::vector<TargetHistogram> histograms_;   // one per histogram_features_
  size_t histogram_bytes_ = 0;  // the histograms' bytes(), kept as they grow: budget checks follow every split
};

}  // namespace tinymlkit
