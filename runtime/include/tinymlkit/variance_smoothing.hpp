// Naive Bayes' variance smoothing per feature: --variance-smoothing times the feature's variance
// over the stream so far, added to every Gaussian of that feature at every leaf. The statistics
// change with every example, and a feature's value is recomputed only when it is asked for after
// that: an example costs what its leaves' features cost, not the highest feature index (it used
// to recompute every feature's value at every example). Values are cached as the statistics
// keep them: by index in their dense slots, past those by the place of the features met there,
// so the cache, like the statistics, does not grow with a stray high index.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "tinymlkit/example.hpp"
#include "tinymlkit/feature_statistics.hpp"

namespace tinymlkit {

class VarianceSmoothing {
 public:
  // Points the cache at the statistics it follows (a tree rebinds it before each use, so that
  // copying the tree copies no dangling pointer).
  void bind(const FeatureStatistics& features, double factor) {
    features_ = &features;
    factor_ = factor;
  }

  // The cached value when it is current (naive Bayes asks this for every feature it weighs:
  // small enough to inline there), else computed.
  double operator()(uint32_t feature) const {
    if (features_ != nullptr && feature < features_->dense_slots() && feature < dense_.size() &&
        dense_[feature].count == features_->count())
      return dense_[feature].value;
    return computed(feature);
  }

  // The values of a row's features, in its order, for naive Bayes over the features present,
  // which weighs each for every class. On 10^5-dimensional rows every lookup is a cache miss,
  // and one after the other they were a tenth of a sparse run: the row's moments (or, past the
  // dense slots, their places in the map) are asked of memory together. The values are computed,
  // not cached: the statistics change with every example learned, and a cache is one more miss.
  std::span<const double> of_row(std::span<const Feature> features) const;

  // Forgets every value (the statistics were replaced, not added to).
  void clear() {
    dense_.clear();
    mapped_.clear();
  }

 private:
  double computed(uint32_t feature) const;  // out of line: the inline path is the cached one
  // The smoothing of a feature of this scale (its standard deviation).
  double value(double scale) const { return factor_ * scale * scale; }

  struct Cached {
    double value = 0;
    uint64_t count = kNever;  // the statistics' example count when the value was computed
  };
  // The feature's value, kept at `at` of `cache`.
  double cached(uint32_t feature, size_t at, std::vector<Cached>& cache) const {
    if (at >= cache.size()) cache.resize(at + 1);
    if (cache[at].count != features_->count())
      cache[at] = {value(features_->scale(feature)), features_->count()};
    return cache[at].value;
  }

  static constexpr uint64_t kNever = UINT64_MAX;
  const FeatureStatistics* features_ = nullptr;
  double factor_ = 0;
  mutable std::vector<Cached> dense_;   // by feature index, in the statistics' dense slots
  mutable std::vector<Cached> mapped_;  // by the statistics' place of a feature met past them
  mutable std::vector<double> row_;     // of_row()'s values
};

}  // namespace tinymlkit
