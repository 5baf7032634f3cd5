// A RegressionTree's settings from a model's generated config (the regressor's and the forest
// regressor's share these hyperparameters). A choice added to the spec's --leaf-model does not
// compile until it is handled here.
#pragma once

#include <optional>

#include "tinymlkit/regression_tree.hpp"

namespace tinymlkit {

template <class Config>
RegressionLeafModel leaf_model_of(typename Config::LeafModel model) {
  switch (model) {
    case Config::LeafModel::kAdaptive: return RegressionLeafModel::kAdaptive;
    case Config::LeafModel::kMean: return RegressionLeafModel::kMean;
    case Config::LeafModel::kModel: return RegressionLeafModel::kLinear;
  }
  return RegressionLeafModel::kAdaptive;
}

// `max_bytes` is one tree's budget.
template <class Config>
RegressionTreeSettings regression_tree_settings_of(const Config& config, size_t max_bytes,
                                                   std::optional<FeatureCount> subspace) {
  return {leaf_model_of<Config>(config.leaf_model),
          config.learning_rate,
          static_cast<size_t>(config.bins),
          static_cast<double>(config.grace_period),
          config.split_confidence,
          config.tie_threshold,
          static_cast<uint32_t>(config.max_depth),
          max_bytes,
          subspace};
}

}  // namespace tinymlkit
