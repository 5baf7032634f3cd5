// Running mean and deviation of every feature (and of a regression label), for online
// standardization. Sparse examples leave most features out, and an absent feature is a zero, so
// each feature keeps sums over the examples it appears in and accounts for the zeros from the
// example count: an update costs O(features present). Sums are shifted by the first value seen
// so that large offsets (a feature near 1e6 that varies by 1) lose no precision.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

// One variable's moments over `present` observations; the caller knows how many zeros to add.
struct ShiftedMoments {
  double shift = 0;
  uint64_t present = 0;
  double sum = 0;          // of (x - shift) over the observations present
  double sum_squares = 0;  // of (x - shift)^2

  void add(double x);
  // Over `total` observations, the ones not present being zeros.
  double mean(uint64_t total) const;
  // The standard deviation, or 0 while the variable has (almost) not varied: until then it
  // carries no information a bias does not, and standardizing it would divide by nothing.
  double scale(uint64_t total) const;
};

class FeatureStatistics {
 public:
  void add(std::span<const Feature> features);  // one example; grows to its largest index
  void resize(size_t dimension) { moments_.resize(dimension); }
  size_t dimension() const { return moments_.size(); }
  uint64_t count() const { return count_; }
  double mean(size_t j) const { return moments_[j].mean(count_); }
  double scale(size_t j) const { return moments_[j].scale(count_); }

  void save(ByteWriter& out) const;
  Status load(ByteReader& in);

 private:
  uint64_t count_ = 0;
  std::vector<ShiftedMoments> moments_;
};

void save_moments(ByteWriter& out, const ShiftedMoments& moments);
Result<ShiftedMoments> load_moments(ByteReader& in);

}  // namespace tinymlkit
