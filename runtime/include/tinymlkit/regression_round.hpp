// What a federated round of regression trees (the regressor's ensembles and the forest
// regressor's) agrees on before it takes the clients' trees: the robust aggregate of their
// feature statistics (for standardizing) and of their labels' mean, variance and weight. The
// round's label shift is that mean: each client's trees are re-expressed relative to it.
#pragma once

#include <cstddef>
#include <span>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

struct RegressionRound {
  FeatureStatistics features;
  ShiftedMoments labels;
  double shift;
  size_t iterations;  // Weiszfeld's, for the labels' geometric median
};

Result<RegressionRound> regression_round(std::span<const FeatureStatistics* const> statistics,
                                         std::span<const ShiftedMoments* const> labels, AggregationRule rule,
                                         size_t byzantine);

}  // namespace tinymlkit
