// How many features a random subspace holds, as River's and MOA's random forests say it: the
// square root or the base-2 logarithm of the features available, a fixed number, or a fraction
// of them (--max-features-per-split sqrt|log2|N|FRACTION).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tinymlkit {

struct FeatureCount {
  enum class Kind : uint8_t { kSqrt, kLog2, kCount, kFraction };
  Kind kind = Kind::kSqrt;
  double value = 0;  // kCount: the number; kFraction: the share in (0, 1)

  // Of `available` features, how many: at least 1 and at most all of them.
  size_t of(size_t available) const;
};

}  // namespace tinymlkit
