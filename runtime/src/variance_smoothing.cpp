#include "tinymlkit/variance_smoothing.hpp"

namespace tinymlkit {

std::span<const double> VarianceSmoothing::of_row(std::span<const Feature> features) const {
  row_.assign(features.size(), 0.0);
  if (features_ == nullptr) return row_;
  for (const Feature& f : features) features_->prefetch(f.index);
  for (size_t i = 0; i < features.size(); ++i) row_[i] = value(features_->scale(features[i].index));
  return row_;
}

double VarianceSmoothing::computed(uint32_t feature) const {
  if (features_ == nullptr || feature >= features_->dimension()) return 0.0;
  if (feature < features_->dense_slots()) return cached(feature, feature, dense_);
  const uint32_t place = features_->mapped_place(feature);
  return place == IndexMap::kAbsent ? 0.0 : cached(feature, place, mapped_);  // unmet: no spread
}

}  // namespace tinymlkit
