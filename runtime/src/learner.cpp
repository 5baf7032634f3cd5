#include "tinymlkit/learner.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/number_format.hpp"
#include "tinymlkit/portable_math.hpp"

namespace tinymlkit {

std::expected<void, LineError> check_feature_limit(const Example& example, int64_t max_features,
                                                   const DimensionCost& cost,
                                                   std::optional<size_t> dimension) {
  for (const Feature& f : example.features)
    if (std::fabs(f.value) >= kMaxMagnitude)
      return std::unexpected(LineError{f.column, "feature value " + format_number(f.value) +
                                                     " is too large (magnitudes must stay below 1e100)"});
  if (example.features.empty()) return {};
  const Feature& last = example.features.back();  // the largest index
  if (last.index >= max_features)
    return std::unexpected(LineError{last.column, "feature index " + std::to_string(last.index) +
                                                      " is not below --max-features " + std::to_string(max_features)});
  const double d =
      dimension ? static_cast<double>(*dimension) : static_cast<double>(last.index) + 1.0;
  const double capped = std::min(d, cost.squared_cap);
  const double bytes = cost.per_feature * d + cost.per_feature_squared * d * d +
                       cost.capped_squared * capped * capped;
  if (bytes <= static_cast<double>(cost.max_bytes)) return {};
  return std::unexpected(LineError{last.column, "feature index " + std::to_string(last.index) + " would take " +
                                                    format_rounded(bytes, 3) + " bytes of statistics, past --max-bytes " +
                                                    std::to_string(cost.max_bytes)});
}

double log_loss(const Prediction& prediction, double target) {
  const size_t c = static_cast<size_t>(target);
  const double p = c < prediction.probabilities.size() ? prediction.probabilities[c] : 0.0;
  return -math::log(std::max(p, 1e-15));
}

std::expected<double, std::string> regression_target(std::string_view label) {
  double value = 0;
  if (!parse_finite_number(label, value))
    return std::unexpected("expected a finite number as the label of a regression, got " + quoted(label));
  if (std::fabs(value) >= kMaxMagnitude)
    return std::unexpected("the label " + quoted(label) + " is too large (magnitudes must stay below 1e100)");
  return value;
}

}  // namespace tinymlkit
