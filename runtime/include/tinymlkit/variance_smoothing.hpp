// Naive Bayes' variance smoothing per feature: --variance-smoothing times the feature's variance
// over the stream so far, added to every Gaussian of that feature at every leaf. The statistics
// change with every example, and a feature's value is recomputed only when it is asked for after
// that: an example costs what its leaves' features cost, not the highest feature index (it used
// to recompute every feature's value at every example). Values are cached below
// FeatureStatistics::kDenseIndexes, and computed each time above it, so the cache, like the
// statistics, does not grow with a stray high index.
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

  double operator()(uint32_t feature) const {
    if (features_ == nullptr || feature >= features_->dimension()) return 0.0;
    if (feature >= FeatureStatistics::kDenseIndexes) return value(feature);
    if (feature >= values_.size()) {
      values_.resize(std::min(features_->dimension(), FeatureStatistics::kDenseIndexes), 0.0);
      counts_.resize(values_.size(), kNever);
    }
    if (counts_[feature] != features_->count()) {
      values_[feature] = value(feature);
      counts_[feature] = features_->count();
    }
    return values_[feature];
  }

  // Forgets every value (the statistics were replaced, not added to).
  void clear() {
    values_.clear();
    counts_.clear();
  }

 private:
  double value(uint32_t feature) const {
    const double scale = features_->scale(feature);
    return factor_ * scale * scale;
  }

  static constexpr uint64_t kNever = UINT64_MAX;
  const FeatureStatistics* features_ = nullptr;
  double factor_ = 0;
  mutable std::vector<double> values_;
  mutable std::vector<uint64_t> counts_;  // the statistics' example count when each value was computed
};

}  // namespace tinymlkit
