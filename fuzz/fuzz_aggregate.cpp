// libFuzzer target: aggregation of arbitrary client vectors, NaN and infinities included. Every
// rule must refuse or return finite values; a robust one never leaves the clients' range.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "tinymlkit/aggregate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const size_t n = 1 + data[0] % 16, d = 1 + data[1] % 8, f = data[2] % 8;
  data += 3;
  size -= 3;
  std::vector<std::vector<double>> rows(n, std::vector<double>(d, 0.0));
  for (size_t i = 0; i < n * d && (i + 1) * 8 <= size; ++i) std::memcpy(&rows[i / d][i % d], data + 8 * i, 8);
  for (auto rule : {tinymlkit::AggregationRule::kMedian, tinymlkit::AggregationRule::kGeometricMedian,
                    tinymlkit::AggregationRule::kMeanAroundMedian, tinymlkit::AggregationRule::kTrimmedMean,
                    tinymlkit::AggregationRule::kKrum, tinymlkit::AggregationRule::kMean}) {
    auto result = tinymlkit::aggregate(rule, rows, f);
    if (!result) continue;
    for (size_t k = 0; k < d; ++k) {
      const double v = result->value[k];
      double low = rows[0][k], high = rows[0][k];
      for (const auto& row : rows) {
        low = std::min(low, row[k]);
        high = std::max(high, row[k]);
      }
      // Every rule is a weighted average of the clients' coordinates: within their range, up to
      // the rounding of the averaging.
      const double slack = 1e-12 * std::max(std::fabs(low), std::fabs(high)) + 1e-280;  // products near the bottom of the range underflow
      if (!std::isfinite(v) || v < low - slack || v > high + slack) std::abort();
    }
  }
  return 0;
}
