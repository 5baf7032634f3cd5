// Byzantine client vectors that the aggregation tests and the federated benchmarks share. The
// attackers are omniscient: they see the honest clients' vectors.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "tinymlkit/aggregate.hpp"

namespace tinymlkit::attacks {

// Phi^-1 by bisection: the tests' own, independent of the runtime.
inline double normal_quantile(double p) {
  double low = -10, high = 10;
  for (int i = 0; i < 200; ++i) {
    const double mid = (low + high) / 2;
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? low : high) = mid;
  }
  return (low + high) / 2;
}

// The honest vectors' standard deviation, coordinate by coordinate.
inline std::vector<double> deviations(const std::vector<std::vector<double>>& honest) {
  const std::vector<double> mean = plain_mean(honest);
  std::vector<double> out(mean.size(), 0.0);
  for (const std::vector<double>& row : honest)
    for (size_t k = 0; k < out.size(); ++k) out[k] += (row[k] - mean[k]) * (row[k] - mean[k]);
  for (double& v : out) v = std::sqrt(v / static_cast<double>(honest.size()));
  return out;
}

// "A little is enough" (Baruch et al. 2019): the honest mean minus z standard deviations, z the
// largest for which s = floor(n/2 + 1) - f honest clients still sit farther out (n clients, f of
// them attackers).
inline std::vector<double> little_is_enough(const std::vector<std::vector<double>>& honest, size_t n, size_t f) {
  const double supporters = std::floor(static_cast<double>(n) / 2 + 1) - static_cast<double>(f);
  const double z = normal_quantile((static_cast<double>(n) - supporters) / static_cast<double>(n));
  std::vector<double> out = plain_mean(honest);
  const std::vector<double> sd = deviations(honest);
  for (size_t k = 0; k < out.size(); ++k) out[k] -= z * sd[k];
  return out;
}

// Inner-product manipulation (Xie et al. 2019): minus epsilon times the honest mean.
inline std::vector<double> inner_product_manipulation(const std::vector<std::vector<double>>& honest, double epsilon) {
  std::vector<double> out = plain_mean(honest);
  for (double& v : out) v *= -epsilon;
  return out;
}

}  // namespace tinymlkit::attacks
