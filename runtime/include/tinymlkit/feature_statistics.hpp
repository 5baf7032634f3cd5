// Running mean and deviation of every feature (and of a regression label), for online
// standardization and for the trees' per-class estimators. Sparse examples leave most features
// out, and an absent feature is a zero, so each variable keeps weighted sums over the
// observations it appears in and accounts for the zeros from the total weight: an update costs
// O(features present). Sums are shifted by the first value seen so that large offsets (a feature
// near 1e9 that varies by 1) lose no precision.
//
// Storage grows with the features met, not with the highest index: a slot per index below
// kDenseIndexes (the direct lookup every dense table takes; more where the features met fill
// the range, see densify()), and past it a slot per index met, found through an IndexMap. One row
// holding feature 44156 cost every model 1.4 MB of file and memory when every index had its slot.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/index_map.hpp"
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
  // The same numbers as mean() and variance(), for half the divisions.
  std::pair<double, double> mean_and_variance(double total) const;

 private:
  std::pair<double, double> shifted_mean_and_variance(double total) const;
};

class FeatureStatistics {
 public:
  static constexpr size_t kDenseIndexes = 4096;

  void add(std::span<const Feature> features);  // one example; grows to its largest index
  void resize(size_t dimension);                // only grows
  // Statistics of `count` examples with these means and variances (an aggregate's). Above
  // kDenseIndexes a feature with mean and variance 0 is left unmet: it is what it stands for.
  void assign(uint64_t count, std::span<const double> means, std::span<const double> variances);
  // One past the highest feature index met (or resized to).
  size_t dimension() const { return dimension_; }
  uint64_t count() const { return count_; }
  double mean(size_t j) const { return moments(j).mean(static_cast<double>(count_)); }
  double scale(size_t j) const { return moments(j).scale(static_cast<double>(count_)); }
  std::pair<double, double> mean_and_scale(size_t j) const {
    return moments(j).mean_and_scale(static_cast<double>(count_));
  }
  // The features below this have dense slots (at least the first kDenseIndexes of the dimension).
  size_t dense_slots() const { return dense_.size(); }
  // Past the dense slots: where feature j's moments sit among those met there (0, 1, ... in the
  // order met), or IndexMap::kAbsent; a cache of values per feature can keep them there too.
  uint32_t mapped_place(size_t j) const {
    return j < UINT32_MAX ? slots_.find(static_cast<uint32_t>(j)) : IndexMap::kAbsent;
  }
  // Asks the cache for feature j's moments in their dense slot, else for where mapped_place(j)
  // looks: a caller that looks up many features asks for all of them before it reads any.
  void prefetch(size_t j) const {
    if (j < dense_.size()) {
      __builtin_prefetch(&dense_[j]);
    } else if (j < UINT32_MAX) {
      slots_.prefetch(static_cast<uint32_t>(j));
    }
  }
  // Memory the statistics hold, for --max-bytes: 32 bytes a dense slot, 40 a mapped one and 16
  // for its places in the map (at most half of them taken): a function of the layout, which a
  // model file keeps, so that a resumed run budgets as the run it continues.
  size_t bytes() const { return 32 * dense_.size() + 56 * mapped_.size(); }
  // The count, the dimension, then every feature met, in index order, with its moments.
  void save(ByteWriter& out) const;
  // `max_dimension` bounds the dimension a file may claim (the model's --max-features).
  Status load(ByteReader& in, size_t max_dimension);

 private:
  const ShiftedMoments& moments(size_t j) const {
    return j < dense_.size() ? dense_[j] : mapped_moments(j);
  }
  const ShiftedMoments& mapped_moments(size_t j) const;
  ShiftedMoments& mapped(uint32_t j);  // past the dense slots; added where new
  void densify();

  uint64_t count_ = 0;
  size_t dimension_ = 0;
  std::vector<ShiftedMoments> dense_;  // indexes below min(dimension_, kDenseIndexes)
  struct Mapped {
    uint32_t index;
    ShiftedMoments moments;
  };
  IndexMap slots_;              // the indexes met past them, to their places in mapped_
  std::vector<Mapped> mapped_;  // in the order met
};

// An example standardized by a model's statistics, a feature at a time, as a linear leaf asks for
// it: (x - mean) / scale, an absent feature a zero; a feature without spread, or beyond the
// statistics, stays 0. A leaf asks only for the features it weighs, so an example costs what its
// leaves met, not the highest index (standardizing every index took each example O(dimension)).
// Values are cached per example below kDenseIndexes: a forest's trees ask for the same ones.
class StandardizedExample {
 public:
  // A new example, standardized by `statistics` (which must not change while it is in use).
  void reset(const FeatureStatistics& statistics, std::span<const Feature> features);
  // The same example and statistics, its features now at another place.
  void rebind(std::span<const Feature> features) { features_ = features; }
  std::span<const Feature> features() const { return features_; }
  // What its cache of `statistics` takes at most (a function of them, so that a resumed run
  // budgets as the run it continues).
  static size_t bytes(const FeatureStatistics& statistics) {
    return 16 * std::min(statistics.dimension(), FeatureStatistics::kDenseIndexes);
  }
  // Feature j's standardized value; `present` is its value in the example, null when absent.
  // A leaf's linear model asks it of each feature several times an example: the value cached
  // for this example is returned inline, the rest out of line.
  double value(uint32_t j, const double* present) const {
    return j < stamps_.size() && stamps_[j] == stamp_ ? values_[j] : uncached(j, present);
  }

 private:
  double uncached(uint32_t j, const double* present) const;
  double compute(uint32_t j, const double* present) const;

  const FeatureStatistics* statistics_ = nullptr;
  std::span<const Feature> features_;
  uint64_t stamp_ = 0;
  mutable std::vector<double> values_;
  mutable std::vector<uint64_t> stamps_;  // the example each value is of
};

// The robust aggregate of several models' feature statistics: per feature, the rule over their
// means and over their variances (a model that never saw a feature counts as mean 0, variance
// 0); the example count is the median, so a client's count buys it no influence.
Result<FeatureStatistics> aggregate_statistics(std::span<const FeatureStatistics* const> statistics,
                                              AggregationRule rule, size_t byzantine);

void save_moments(ByteWriter& out, const ShiftedMoments& moments);
Result<ShiftedMoments> load_moments(ByteReader& in);

}  // namespace tinymlkit
