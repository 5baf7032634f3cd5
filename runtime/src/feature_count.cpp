#include "tinymlkit/feature_count.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/portable_math.hpp"

namespace tinymlkit {

size_t FeatureCount::of(size_t available) const {
  const double n = static_cast<double>(available);
  const double chosen = [&] {
    switch (kind) {
      // River rounds the root and the logarithm (ARFClassifier's max_features).
      case Kind::kSqrt: return std::round(std::sqrt(n));
      case Kind::kLog2: return available > 0 ? std::round(math::log2(n)) : 0.0;
      case Kind::kCount: return value;
      case Kind::kFraction: return std::round(value * n);
    }
    return n;
  }();
  return std::min(available, static_cast<size_t>(std::max(1.0, chosen)));
}

}  // namespace tinymlkit
