// One Hoeffding regression tree (FIMT-DD family, as River's HoeffdingTreeRegressor): its shape,
// its leaves (regression_leaf.hpp) and how it grows. A leaf splits on the largest variance
// reduction when the Hoeffding bound says the second best's merit ratio is reliably below one
// (or the bound fell below the tie threshold). The single tree (hoeffding_regressor.hpp) and the
// forest's trees (forest_regressor.hpp) are this class; targets and predictions are relative to
// their model's label shift, and `z` holds the model's standardized features, bias first.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/feature_count.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/json_writer.hpp"
#include "tinymlkit/leaf_budget.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/regression_leaf.hpp"
#include "tinymlkit/tree_export.hpp"
#include "tinymlkit/tree_structure.hpp"

namespace tinymlkit {

// What a leaf predicts with: its mean, its linear model, or whichever has erred less there.
enum class RegressionLeafModel : uint8_t { kAdaptive, kMean, kLinear };

struct RegressionTreeSettings {
  RegressionLeafModel leaf_model;
  double learning_rate;
  size_t bins;
  double grace_period;
  double split_confidence;
  double tie_threshold;
  uint32_t max_depth;
  size_t max_bytes;  // this tree's budget
  // A forest's random subspace of the features for each leaf to split on (random_subspace.hpp).
  std::optional<FeatureCount> subspace;
};

class RegressionTree {
 public:
  RegressionTree() = default;
  // A tree whose leaves draw random subspaces (RegressionTreeSettings::subspace) from this seed,
  // which the caller keeps: a model file stores it beside the tree.
  explicit RegressionTree(uint64_t subspace_seed) : subspace_seed_(subspace_seed) {}

  double predict(const StandardizedExample& z, const RegressionTreeSettings& settings) const {
    return predict_at(leaf_node(z.features()), z, settings);
  }
  // Learns `y` at the example's leaf and attempts a split there every grace period; adds the
  // leaf's absolute error before it learned to absolute_error. Returns the leaves it deactivated
  // to fit settings.max_bytes.
  uint64_t learn(const StandardizedExample& z, double y, double weight,
                 const RegressionTreeSettings& settings) {
    const uint32_t node = leaf_node(z.features());
    return learn_at(node, predict_at(node, z, settings), z, y, weight, settings);
  }
  // The same, at the leaf node the example reaches and with the tree's prediction there
  // (predict_at), for a caller that keeps both from predicting to learning (routing is most of a
  // deep tree's time).
  uint32_t leaf_node(std::span<const Feature> features) const { return structure_.route(features).node; }
  double predict_at(uint32_t node, const StandardizedExample& z,
                    const RegressionTreeSettings& settings) const;
  uint64_t learn_at(uint32_t node, double prediction, const StandardizedExample& z, double y,
                    double weight, const RegressionTreeSettings& settings);
  // Deactivates the least promising leaves until the tree fits in `budget` bytes, or brings
  // leaves deactivated for memory back where it fits and `bring_back` allows; returns how many
  // it deactivated.
  uint64_t enforce_memory_limit(size_t budget, BringBack bring_back);
  // Re-expresses the tree's targets relative to another constant: y becomes y + offset.
  void shift_targets(double offset);

  size_t bytes() const;
  std::vector<SummaryFigure> figures() const;
  void save(ByteWriter& out) const;
  Status load(ByteReader& in, size_t dimension, size_t bins, uint32_t max_depth);
  // The tree's nodes and leaves; `shift` puts the leaves' means back in the label's units.
  void describe(JsonWriter& out, double shift, const RegressionTreeSettings& settings) const;

  // Adds the tree's splits and leaves (each predicting with its mean or its linear model over z
  // of `z_size` values, as it does now) to --export-c's tables. Fails on a nominal split.
  Status flatten(const RegressionTreeSettings& settings, size_t z_size, RegressionTreeTables& out) const;

  double absolute_error = 0;  // summed over what it learned, each error before it learned

 private:
  bool linear(const RegressionLeaf& leaf, const RegressionTreeSettings& settings) const;
  uint64_t attempt_split(uint32_t node, const RegressionTreeSettings& settings);

  TreeStructure structure_ = TreeStructure(0);
  std::vector<RegressionLeaf> leaves_ = std::vector<RegressionLeaf>(1);  // the payloads of the tree's leaves
  uint64_t subspace_seed_ = 0;
};

// The standardization of the linear leaves' input (FeatureStatistics::standardize) into the
// tables, after the trees: every feature index the trees or the statistics know.
void add_standardization(const FeatureStatistics& features, RegressionTreeTables& out);
// A federated round's `rule` over `clients` trees or forests with `byzantine` = F, as predict()
// applies it: the median where aggregate() would refuse those n and F.
void add_round_rule(AggregationRule rule, size_t byzantine, size_t clients, RegressionTreeTables& out);

}  // namespace tinymlkit
