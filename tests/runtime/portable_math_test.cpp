#include "tinymlkit/portable_math.hpp"

#include <catch2/catch.hpp>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

namespace math = tinymlkit::math;

namespace {

// Distance in units in the last place between two finite doubles of the same sign.
uint64_t ulps(double a, double b) {
  const int64_t ia = std::bit_cast<int64_t>(a), ib = std::bit_cast<int64_t>(b);
  return static_cast<uint64_t>(ia > ib ? ia - ib : ib - ia);
}

}  // namespace

TEST_CASE("portable exp and log stay within 2 ulp of the C library") {
  std::mt19937_64 random(1);
  std::uniform_real_distribution<double> exponent(-700, 700), mantissa(0.5, 1.0);
  std::uniform_int_distribution<int> binary_exponent(-1000, 1000);
  uint64_t worst_exp = 0, worst_log = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = exponent(random);
    worst_exp = std::max(worst_exp, ulps(math::exp(x), std::exp(x)));
    const double y = std::ldexp(mantissa(random), binary_exponent(random));
    worst_log = std::max(worst_log, ulps(math::log(y), std::log(y)));
  }
  CHECK(worst_exp <= 2);
  CHECK(worst_log <= 2);
}

TEST_CASE("portable log1p keeps the bits of tiny arguments") {
  for (double x : {1e-300, 1e-17, 3e-9, 1e-4, 0.5, 1.0, 1e10}) {
    INFO(x);
    CHECK(math::log1p(x) == Approx(std::log1p(x)).epsilon(4e-16));
  }
}

TEST_CASE("softplus is log(1 + e^x) within 1 ulp, from underflow to overflow") {
  // The reference: exp and log1p in long double, which carries 11 more bits than a double.
  auto reference = [](double x) {
    const long double wide = x;
    return static_cast<double>(x > 0 ? wide + std::log1p(std::exp(-wide))
                                     : std::log1p(std::exp(wide)));
  };
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> near_zero(-40, 40), anywhere(-745, 745);
  uint64_t worst = 0;
  double worst_at = 0;
  for (int i = 0; i < 1000000; ++i) {
    const double x = i % 4 == 0 ? anywhere(random) : near_zero(random);
    if (const uint64_t distance = ulps(math::softplus(x), reference(x)); distance > worst) {
      worst = distance;
      worst_at = x;
    }
  }
  INFO("worst at x = " << worst_at);
  CHECK(worst <= 1);
  for (double x : {0.0, -0.0, 1e-300, -1e-300, 36.9, 37.1, -37.1, 699.9, -700.5, -744.0, 1e300})
    CHECK(ulps(math::softplus(x), reference(x)) <= 1);
  CHECK(math::softplus(-746) == 0.0);
  CHECK(math::softplus(std::numeric_limits<double>::infinity()) ==
        std::numeric_limits<double>::infinity());
  CHECK(math::softplus(-std::numeric_limits<double>::infinity()) == 0.0);
  CHECK(std::isnan(math::softplus(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("portable erfc is within 1.2e-7 of the C library") {
  for (double x = -6; x <= 6; x += 0.01) {
    INFO(x);
    CHECK(math::erfc(x) == Approx(std::erfc(x)).epsilon(1.2e-7).margin(1e-300));
  }
}

TEST_CASE("portable math handles the edges as the C library does") {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  CHECK(math::exp(710) == kInf);
  CHECK(math::exp(-746) == 0.0);
  CHECK(math::exp(-740) == Approx(std::exp(-740.0)).epsilon(1e-12));  // subnormal
  CHECK(math::exp(0) == 1.0);
  CHECK(math::log(0) == -kInf);
  CHECK(std::isnan(math::log(-1)));
  CHECK(math::log(1) == 0.0);
  CHECK(math::log(kInf) == kInf);
  CHECK(math::log2(8) == Approx(3.0).epsilon(1e-15));
  CHECK(math::erfc(30) == Approx(0).margin(1e-300));
  CHECK(math::erfc(-30) == 2.0);
}
