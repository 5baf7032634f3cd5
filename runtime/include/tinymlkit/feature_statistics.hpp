// Running mean and deviation of every feature (and of a regression label), for online
// standardization and for the trees' per-class estimators. Sparse examples leave most features
// out, and an absent feature is a zero, so each variable keeps weighted sums over the
// observations it appears in and accounts for the zeros from the total weight: an update costs
// O(features present). Sums are shifted by the first value seen so that large offsets (a feature
// near 1e9 that varies by 1) lose no precision.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

// One variable's weighted moments over the observations present; the caller knows the total
// weight, the rest of which is zeros.
struct ShiftedMoments {
  double shift = 0;
  double present = 0;      // weight of the observations present
  double sum = 0;          // of w (x - shift)
  double sum_squares = 0;  // of w (x - shift)^2

  void add(double x, double weight = 1.0);
  double mean(double total) const;
  double variance(double total) const;
  // The standard deviation, or 0 while the variable has (almost) not varied: until then it
  // carries no information a bias does not, and standardizing it would divide by nothing.
  double scale(double total) const;
  // Both, the same numbers as mean() and scale() for half the divisions: the per-example path.
  std::pair<double, double> mean_and_scale(double total) const;

 private:
  std::pair<double, double> shifted_mean_and_variance(double total) const;
};

class FeatureStatistics {
 public:
  void add(std::span<const Feature> features);  // one example; grows to its largest index
  void resize(size_t dimension) { moments_.resize(dimension); }
  // Statistics of `count` examples with these means and variances (an aggregate's).
  void assign(uint64_t count, std::span<const double> means, std::span<const double> variances);
  size_t dimension() const { return moments_.size(); }
  uint64_t count() const { return count_; }
  double mean(size_t j) const { return moments_[j].mean(static_cast<double>(count_)); }
  double scale(size_t j) const { return moments_[j].scale(static_cast<double>(count_)); }
  std::pair<double, double> mean_and_scale(size_t j) const {
    return moments_[j].mean_and_scale(static_cast<double>(count_));
  }
  // The example standardized by these statistics into `z`: a bias 1 first, then each feature
  // (an absent feature is a zero; a feature without spread, or beyond them, stays 0).
  void standardize(std::span<const Feature> features, std::vector<double>& z) const;

  void save(ByteWriter& out) const;
  Status load(ByteReader& in);

 private:
  uint64_t count_ = 0;
  std::vector<ShiftedMoments> moments_;
};

// The robust aggregate of several models' feature statistics: per feature, the rule over their
// means and over their variances (a model that never saw a feature counts as mean 0, variance
// 0); the example count is the median, so a client's count buys it no influence.
Result<FeatureStatistics> aggregate_statistics(std::span<const FeatureStatistics* const> statistics,
                                              AggregationRule rule, size_t byzantine);

void save_moments(ByteWriter& out, const ShiftedMoments& moments);
Result<ShiftedMoments> load_moments(ByteReader& in);

}  // namespace tinymlkit
