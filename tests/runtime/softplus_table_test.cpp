#include "tinymlkit/softplus_table.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

#include "tinymlkit/portable_math.hpp"

namespace math = tinymlkit::math;
using tinymlkit::SoftplusTable;

TEST_CASE("the softplus table is within 5e-11 of softplus, at every knot and between") {
  const SoftplusTable table;
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> anywhere(-2.0 * SoftplusTable::kEnd,
                                                  2.0 * SoftplusTable::kEnd);
  double worst = 0, worst_at = 0;
  const auto check = [&](double x) {
    const double error = std::fabs(table(x) - math::softplus(x));
    if (error > worst) worst = error, worst_at = x;
  };
  for (int i = 0; i < 1000000; ++i) check(anywhere(random));
  // Each interval's ends, where the polynomial is exact and where it is at its worst.
  for (int k = 0; k <= SoftplusTable::kEnd * SoftplusTable::kPerUnit; ++k) {
    const double knot = static_cast<double>(k) / SoftplusTable::kPerUnit;
    for (double x : {knot, std::nextafter(knot, 0.0), -knot, -std::nextafter(knot, 0.0)}) check(x);
  }
  INFO("worst " << worst << " at " << worst_at);
  CHECK(worst < 5e-11);
  CHECK(worst > 0);  // an approximation: a table that called softplus itself would not pass
}

TEST_CASE("the softplus table leaves infinities, NaN and the far tails to softplus") {
  const SoftplusTable table;
  const double infinity = std::numeric_limits<double>::infinity();
  CHECK(table(infinity) == infinity);
  CHECK(table(-infinity) == 0.0);
  CHECK(std::isnan(table(std::numeric_limits<double>::quiet_NaN())));
  for (double x : {36.0, -36.0, 100.0, -100.0, -800.0, 800.0}) CHECK(table(x) == math::softplus(x));
  CHECK(table(0.0) == math::softplus(0.0));
}
