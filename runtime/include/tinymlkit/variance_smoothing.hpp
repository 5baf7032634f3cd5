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
#include <vector>

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

  // Forgets every value (the statistics were replaced, not added to).
  void clear() {
    dense_.clear();
    mapped_.clear();
  }

 private:
  [[gnu::noinline]] double computed(uint32_t feature) const {
    if (features_ == nullptr || feature >= features_->dimension()) return 0.0;
    if (feature < features_->dense_slots()) return cached(feature, feature, dense_);
    const uint32_t place = features_->mapped_place(feature);
    return place == IndexMap::kAbsent ? 0.0 : cached(feature, place, mapped_);  // unmet: no spread
  }

  struct Cached {
    double value = 0;
    uint64_t count = kNever;  // the statistics' example count when the value was computed
  };

  double cached(uint32_t feature, size_t at, std::vector<Cached>& cache) const {
    if (at >= cache.size()) cache.resize(at + 1);
    if (cache[at].count != features_->count()) {
      const double scale = features_->scale(feature);
      cache[at] = {factor_ * scale * scale, features_->count()};
    }
    return cache[at].value;
  }

  static constexpr uint64_t kNever = UINT64_MAX;
  const FeatureStatistics* features_ = nullptr;
  double factor_ = 0;
  mutable std::vector<Cached> dense_;   // by feature index, in the statistics' dense slots
  mutable std::vector<Cached> mapped_;  // by the statistics' place of a feature met past them
};

}  // namespace tinymlkit
