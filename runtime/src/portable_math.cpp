#include "tinymlkit/portable_math.hpp"

#include <cmath>
#include <limits>

namespace tinymlkit::math {
namespace {

// ln 2 split so that k * kLn2High is exact for the |k| < 2048 that range reduction produces.
constexpr double kLn2High = 6.93147180369123816490e-01;
constexpr double kLn2Low = 1.90821492927058770002e-10;
constexpr double kLn2 = 0.693147180559945309417232121458;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.707106781186547524400844362105;

}  // namespace

// exp(x) = 2^k exp(r), x = k ln 2 + r, |r| <= ln 2 / 2; exp(r) by its Taylor series to r^13,
// whose remainder (|r|^14 / 14! < 5e-18) is below double precision.
double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  const double k = std::nearbyint(x * kInvLn2);
  const double r = (x - k * kLn2High) - k * kLn2Low;
  double sum = 1.0 / 6227020800.0;  // 1/13!
  const double inverse_factorials[] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
                                       1.0 / 40320.0,     1.0 / 5040.0,     1.0 / 720.0,     1.0 / 120.0,
                                       1.0 / 24.0,        1.0 / 6.0,        0.5,             1.0,
                                       1.0};
  for (double c : inverse_factorials) sum = sum * r + c;
  // ldexp in two steps: 2^k alone would underflow for k < -1022 even when the result does not.
  const int exponent = static_cast<int>(k);
  return exponent < -1000 ? std::ldexp(std::ldexp(sum, exponent + 1000), -1000) : std::ldexp(sum, exponent);
}

// log(x) = e ln 2 + log(m), x = m 2^e, m in [sqrt(1/2), sqrt(2)); log(m) = 2 atanh(s) with
// s = (m - 1) / (m + 1), |s| < 0.172, by its series to s^23 (remainder < 1e-19).
double log(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // [0.5, 1)
  if (m < kSqrtHalf) {
    m *= 2;
    --e;
  }
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double series = 1.0 / 23;
  for (int odd = 21; odd >= 1; odd -= 2) series = series * s2 + 1.0 / odd;
  const double log_m = 2.0 * s * series;
  const double exponent = static_cast<double>(e);
  return exponent * kLn2High + (log_m + exponent * kLn2Low);
}

double log2(double x) { return log(x) * (1.0 / kLn2); }

// For small x, log(1 + x) loses x's low bits in 1 + x; the correction restores them.
double log1p(double x) {
  if (std::isnan(x) || x < -1) return std::numeric_limits<double>::quiet_NaN();
  const double u = 1.0 + x;
  if (u == 1.0) return x;
  if (std::isinf(u)) return u;
  return log(u) - ((u - 1.0) - x) / u;
}

// Chebyshev fit of Press, Teukolsky, Vetterling & Flannery (Numerical Recipes, 6.2): fractional
// error below 1.2e-7 everywhere.
double erfc(double x) {
  if (std::isnan(x)) return x;
  const double z = std::fabs(x);
  const double t = 1.0 / (1.0 + 0.5 * z);
  const double coefficients[] = {0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807,
                                 -0.18628806, 0.09678418,  0.37409196, 1.00002368};
  double poly = 0;
  for (double c : coefficients) poly = poly * t + c;
  const double answer = t * exp(-z * z - 1.26551223 + t * poly);
  return x >= 0 ? answer : 2.0 - answer;
}

}  // namespace tinymlkit::math
