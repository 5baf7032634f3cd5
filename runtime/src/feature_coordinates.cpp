#include "tinymlkit/feature_coordinates.hpp"

#include <algorithm>

namespace tinymlkit {

uint32_t FeatureCoordinates::meet(uint32_t index) {
  const uint32_t known = coordinate(index);
  if (known != kAbsent) return known;
  const auto next = static_cast<uint32_t>(indexes_.size());
  if (index < kDenseIndexes) {
    if (index >= dense_.size()) dense_.resize(size_t{index} + 1, kAbsent);
    dense_[index] = next;
  } else {
    mapped_.insert(index);
    mapped_coordinates_.push_back(next);
  }
  indexes_.push_back(index);
  index_bound_ = std::max(index_bound_, size_t{index} + 1);
  return next;
}

}  // namespace tinymlkit
