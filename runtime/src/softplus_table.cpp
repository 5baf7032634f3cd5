#include "tinymlkit/softplus_table.hpp"

#include <algorithm>

namespace tinymlkit {

// With f(t) = log(1 + e^-t) and s = 1 / (1 + e^t): f' = -s and ds/dt = s² - s, so every
// derivative of f is a polynomial in s, the previous one's derivative in s times (s² - s).
// Coefficient n of the interval starting at a is f⁽ⁿ⁾(a) / n!.
SoftplusTable::SoftplusTable() : coefficients_(kIntervals * kStride, 0.0) {
  for (size_t k = 0; k < kIntervals; ++k) {
    const double a = static_cast<double>(k) / kPerUnit;
    const double s = 1.0 / (1.0 + math::exp(a));
    double* const c = coefficients_.data() + k * kStride;
    c[0] = math::softplus(-a);
    double derivative[kDegree + 1] = {0.0, -1.0};  // f' as a polynomial in s, lowest power first
    double factorial = 1.0;
    for (int n = 1; n <= kDegree; ++n) {
      factorial *= n;
      double value = 0;
      for (int p = n; p >= 0; --p) value = value * s + derivative[p];
      c[n] = value / factorial;
      if (n == kDegree) break;
      // The next derivative: (Σ p d_p s^(p-1)) (s² - s) = Σ p d_p (s^(p+1) - s^p).
      double next[kDegree + 1] = {};
      for (int p = 1; p <= n; ++p) {
        next[p + 1] += p * derivative[p];
        next[p] -= p * derivative[p];
      }
      std::copy(next, next + kDegree + 1, derivative);
    }
  }
}

const SoftplusTable& SoftplusTable::shared() {
  static const SoftplusTable table;
  return table;
}

}  // namespace tinymlkit
