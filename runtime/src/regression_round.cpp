// Once a round, so built for size in the .wasm modules (runtime/CMakeLists.txt).
#include "tinymlkit/regression_round.hpp"

#include <algorithm>
#include <vector>

namespace tinymlkit {

Result<RegressionRound> regression_round(std::span<const FeatureStatistics* const> statistics,
                                         std::span<const ShiftedMoments* const> labels, AggregationRule rule,
                                         size_t byzantine) {
  std::vector<std::vector<double>> rows;
  for (const ShiftedMoments* l : labels) rows.push_back({l->mean(l->present), l->variance(l->present), l->present});
  TMK_ASSIGN_OR_RETURN(FeatureStatistics features, aggregate_statistics(statistics, rule, byzantine));
  TMK_ASSIGN_OR_RETURN(Aggregate label, aggregate(rule, rows, byzantine));
  const double mean = label.value[0], variance = std::max(0.0, label.value[1]), weight = label.value[2];
  return RegressionRound{std::move(features), ShiftedMoments{mean, weight, 0.0, variance * weight}, mean,
                         label.iterations};
}

}  // namespace tinymlkit
