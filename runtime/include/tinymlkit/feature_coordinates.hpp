// The coordinates of a model sized by the features it met (tinymlkit-nm's simplex): coordinate c
// stands for the c-th feature index met, in the order met. One row holding feature 1023 used to
// give nm 1,024 coordinates, and its simplex (d + 1)² doubles: 8.4 MB where three features needed
// 128 bytes. Indexes below kDenseIndexes are looked up in a table (every example asks for each of
// its features); the rest through an IndexMap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tinymlkit/index_map.hpp"

namespace tinymlkit {

class FeatureCoordinates {
 public:
  static constexpr size_t kDenseIndexes = 4096;
  static constexpr uint32_t kAbsent = IndexMap::kAbsent;

  size_t size() const { return indexes_.size(); }
  // The feature index of coordinate c.
  uint32_t index(size_t c) const { return indexes_[c]; }
  std::span<const uint32_t> indexes() const { return indexes_; }
  // The coordinate of a feature index, or kAbsent where it was not met.
  uint32_t coordinate(uint32_t index) const {
    if (index < dense_.size()) return dense_[index];
    if (index < kDenseIndexes) return kAbsent;
    const uint32_t slot = mapped_.find(index);
    return slot == IndexMap::kAbsent ? kAbsent : mapped_coordinates_[slot];
  }
  // The coordinate of a feature index; one not met gets the next coordinate, size() before.
  uint32_t meet(uint32_t index);
  // The highest index met plus one (0 when none was met).
  size_t index_bound() const { return index_bound_; }

 private:
  std::vector<uint32_t> indexes_;
  std::vector<uint32_t> dense_;  // below min(index_bound_, kDenseIndexes): index -> coordinate
  IndexMap mapped_;              // the indexes met from kDenseIndexes on, to their slots
  std::vector<uint32_t> mapped_coordinates_;  // by slot
  size_t index_bound_ = 0;
};

}  // namespace tinymlkit
