// A regression tree's state as model file bytes, a readable model and summary figures: what a
// run does once, so built for size in the .wasm modules (runtime/CMakeLists.txt).
#include "tinymlkit/regression_tree.hpp"

namespace tinymlkit {

std::vector<SummaryFigure> RegressionTree::figures() const { return tree_figures(structure_, leaves_, bytes()); }

void RegressionTree::save(ByteWriter& out) const {
  out.f64(absolute_error);
  out.u64(leaves_.size());
  for (const RegressionLeaf& leaf : leaves_) leaf.save(out);
  structure_.save(out);
}

Status RegressionTree::load(ByteReader& in, size_t dimension, size_t bins, uint32_t max_depth) {
  TMK_ASSIGN_OR_RETURN(absolute_error, in.f64());
  TMK_ASSIGN_OR_RETURN(size_t leaves, in.count(57));
  leaves_.assign(leaves, RegressionLeaf());
  for (RegressionLeaf& leaf : leaves_) TMK_TRY(leaf.load(in, dimension, bins));
  return structure_.load(in, leaves_.size(), dimension, max_depth);
}

void RegressionTree::describe(JsonWriter& out, double shift, const RegressionTreeSettings& settings) const {
  structure_.describe(out, [&](JsonWriter& json, uint32_t payload) {
    const RegressionLeaf& leaf = leaves_[payload];
    json.field("weight", leaf.total_weight());
    json.field("mean", shift + leaf.mean());
    json.field("active", leaf.active);
    json.field("predicts_with", linear(leaf, settings) ? "linear_model" : "mean");
    // The bias, then a weight per feature listed.
    const std::vector<double> features(leaf.model().features.begin(), leaf.model().features.end());
    json.numbers("linear_model_features", features);
    json.numbers("linear_model_standardized", leaf.model().weights);
  });
}

}  // namespace tinymlkit
