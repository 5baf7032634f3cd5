// A feature's distribution within one class at a tree leaf, summarized as a Gaussian (MOA's
// GaussianEstimator): weighted moments plus the smallest and largest value. As everywhere in
// TinyMLKit an absent feature is a zero, so only present values are added and the caller passes
// the class's total weight at the leaf; the rest of it is zeros.
#pragma once

#include <limits>
#include <utility>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

class GaussianEstimator {
 public:
  void add(double x, double weight);

  // The weight of the values present (the rest of `total` is zeros).
  double present() const { return moments_.present; }
  double mean(double total) const { return moments_.mean(total); }
  // The sample variance (MOA's: divided by the weight minus 1, and 0 up to a weight of 1).
  double variance(double total) const;
  // Both, the same numbers for half the divisions: naive Bayes' per-example path.
  std::pair<double, double> mean_and_variance(double total) const;
  // The smallest and largest value, zeros included.
  double low(double total) const;
  double high(double total) const;
  // The weight at or below `threshold`, as the Gaussian estimates it (MOA's binary split).
  double weight_at_or_below(double threshold, double total) const;

  void save(ByteWriter& out) const;
  Status load(ByteReader& in);

 private:
  ShiftedMoments moments_;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace tinymlkit
