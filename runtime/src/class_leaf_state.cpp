// A class leaf as a model file, and its classes renumbered for a federated round: what a run does
// once, so built for size in the .wasm modules (runtime/CMakeLists.txt).
#include <cmath>

#include "tinymlkit/class_leaf.hpp"
#include "tinymlkit/leaf_state.hpp"

namespace tinymlkit {
namespace {

Status check_weights(ByteReader& in, std::span<const double> weights) {
  for (double w : weights)
    if (!(w >= 0) || !std::isfinite(w)) return in.malformed("a negative, NaN or infinite class weight");
  return {};
}

}  // namespace

ClassLeaf::ClassLeaf(const ClassLeaf& other) = default;
ClassLeaf::ClassLeaf(ClassLeaf&& other) noexcept = default;
ClassLeaf& ClassLeaf::operator=(const ClassLeaf& other) = default;
ClassLeaf& ClassLeaf::operator=(ClassLeaf&& other) noexcept = default;
ClassLeaf::~ClassLeaf() = default;

void ClassLeaf::remap_classes(std::span<const uint32_t> to, size_t classes) {
  const auto remapped = [&](const std::vector<double>& weights) {
    std::vector<double> out(classes, 0.0);
    for (size_t c = 0; c < weights.size(); ++c)
      if (to[c] != kDroppedClass) out[to[c]] = weights[c];
    return out;
  };
  class_weights = remapped(class_weights);
  seen = remapped(seen);
  std::vector<ClassGaussians> gaussians(gaussians_.empty() ? 0 : classes);
  for (size_t c = 0; c < gaussians_.size(); ++c)
    if (to[c] != kDroppedClass) gaussians[to[c]] = std::move(gaussians_[c]);
  gaussians_ = std::move(gaussians);
  listed_classes_ = 0;  // split_features_ counted the classes before
  for (NominalCounts& counts : nominal_)
    for (std::vector<double>& per_class : counts.weights) per_class = remapped(per_class);
}

void ClassLeaf::save(ByteWriter& out) const {
  out.f64s(class_weights);
  out.f64s(seen);
  out.f64(weight_at_last_attempt);
  out.f64(majority_correct);
  out.f64(naive_bayes_correct);
  out.u32(inherited);
  out.f64(inherited_correct);
  out.f64(global_correct);
  out.u8(leaf_state_byte(active, over_budget));
  out.u64(gaussians_.size());
  for (const ClassGaussians& per_class : gaussians_) {
    out.u64(per_class.size());
    per_class.for_each_by_index([&](uint32_t feature, const GaussianEstimator& gaussian) {
      out.u32(feature);
      gaussian.save(out);
    });
  }
  out.u64(nominal_.size());
  for (const NominalCounts& counts : nominal_) {
    out.f64s(counts.categories);
    for (const auto& per_class : counts.weights) out.f64s(per_class);
  }
}

Status ClassLeaf::load(ByteReader& in, size_t classes, size_t nominal_features, size_t dimension) {
  TMK_ASSIGN_OR_RETURN(class_weights, in.f64s());
  TMK_ASSIGN_OR_RETURN(seen, in.f64s());
  TMK_ASSIGN_OR_RETURN(weight_at_last_attempt, in.f64());
  TMK_ASSIGN_OR_RETURN(majority_correct, in.f64());
  TMK_ASSIGN_OR_RETURN(naive_bayes_correct, in.f64());
  if (in.format_version() >= 7) {  // the owning tree checks the slot
    TMK_ASSIGN_OR_RETURN(inherited, in.u32());
    TMK_ASSIGN_OR_RETURN(inherited_correct, in.f64());
  }
  // Counts are not checked: whatever they hold, a leaf predicts with one of its voters.
  if (in.format_version() >= 8) {
    TMK_ASSIGN_OR_RETURN(global_correct, in.f64());
  }
  TMK_ASSIGN_OR_RETURN(uint8_t state, in.u8());
  if (!read_leaf_state(state, active, over_budget)) return in.malformed("a leaf state that does not exist");
  if (class_weights.size() > classes || seen.size() != class_weights.size())
    return in.malformed("a leaf with more classes than the model");
  TMK_TRY(check_weights(in, class_weights));
  TMK_TRY(check_weights(in, seen));
  TMK_ASSIGN_OR_RETURN(size_t gaussian_classes, in.count(8));
  if (gaussian_classes > classes) return in.malformed("a leaf with more classes than the model");
  if (!active && gaussian_classes > 0) return in.malformed("an inactive leaf that still has statistics");
  gaussians_.resize(gaussian_classes);
  for (ClassGaussians& per_class : gaussians_) {
    TMK_ASSIGN_OR_RETURN(size_t features, in.count(52));
    int64_t previous = -1;
    for (size_t k = 0; k < features; ++k) {
      TMK_ASSIGN_OR_RETURN(const uint32_t feature,
                           in.sorted_index(previous, dimension, "a leaf's feature indexes"));
      TMK_TRY(per_class.at(feature).load(in));
      previous = feature;
    }
  }
  TMK_ASSIGN_OR_RETURN(size_t nominal, in.count(8));
  if (nominal > nominal_features) return in.malformed("a leaf with more nominal features than --nominal");
  if (!active && nominal > 0) return in.malformed("an inactive leaf that still has statistics");
  nominal_.resize(nominal);
  for (NominalCounts& counts : nominal_) {
    TMK_ASSIGN_OR_RETURN(counts.categories, in.f64s());
    counts.weights.resize(counts.categories.size());
    for (auto& per_class : counts.weights) {
      TMK_ASSIGN_OR_RETURN(per_class, in.f64s());
      if (per_class.size() > classes) return in.malformed("a leaf with more classes than the model");
    }
  }
  return {};
}

}  // namespace tinymlkit
