// A Vfdt's settings from a model's generated config (the tree's and the forest's share these
// hyperparameters). Every choice of the specs' choice options is mapped by a switch; a choice
// added to a spec does not compile until it is handled here.
#pragma once

#include <optional>

#include "tinymlkit/vfdt.hpp"

namespace tinymlkit {

template <class Config>
SplitCriterion criterion_of(typename Config::SplitCriterion criterion) {
  switch (criterion) {
    case Config::SplitCriterion::kInfoGain: return SplitCriterion::kInfoGain;
    case Config::SplitCriterion::kGini: return SplitCriterion::kGini;
  }
  return SplitCriterion::kInfoGain;
}

template <class Config>
LeafPrediction leaf_prediction_of(typename Config::LeafPrediction prediction) {
  switch (prediction) {
    case Config::LeafPrediction::kNba: return LeafPrediction::kAdaptive;
    case Config::LeafPrediction::kNb: return LeafPrediction::kNaiveBayes;
    case Config::LeafPrediction::kMc: return LeafPrediction::kMajority;
  }
  return LeafPrediction::kAdaptive;
}

// Whether naive Bayes weighs only the features the row holds (River's) rather than every one met.
template <class Config>
bool naive_bayes_over_present(typename Config::NbFeatures features) {
  switch (features) {
    case Config::NbFeatures::kMet:
      return false;
    case Config::NbFeatures::kPresent:
      return true;
  }
  return false;
}

template <class Config>
bool detects_drift(typename Config::DriftDetection detection) {
  switch (detection) {
    case Config::DriftDetection::kHddmA: return true;
    case Config::DriftDetection::kNone: return false;
  }
  return false;
}

// `max_bytes` is one tree's budget; `subspace` and `weight_per_example` are a forest's.
template <class Config>
VfdtSettings vfdt_settings_of(const Config& config, size_t max_bytes,
                              std::optional<FeatureCount> subspace,
                              std::optional<double> weight_per_example) {
  return {criterion_of<Config>(config.split_criterion),
          leaf_prediction_of<Config>(config.leaf_prediction),
          static_cast<double>(config.grace_period),
          config.split_confidence,
          config.tie_threshold,
          config.nb_threshold,
          static_cast<size_t>(config.split_points),
          static_cast<uint32_t>(config.max_depth),
          max_bytes,
          subspace,
          weight_per_example};
}

}  // namespace tinymlkit
