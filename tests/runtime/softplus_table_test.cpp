#include "tinymlkit/softplus_table.hpp"

#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

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

TEST_CASE("far on the left, where softplus is tiny, the table is within 1e-9 of it relatively") {
  // Where log(1 + e^x) is below 1e-16, 5e-11 apart says nothing: the table must still order the
  // examples a window holds far on the right side as softplus does.
  const SoftplusTable& table = SoftplusTable::shared();
  double worst = 0;
  for (int k = 36 * 64; k < SoftplusTable::kEnd * 64; ++k) {
    const double x = -static_cast<double>(k) / 64;
    worst = std::max(worst, std::fabs(table(x) / math::softplus(x) - 1));
  }
  INFO("worst relative error " << worst);
  CHECK(worst < 1e-9);
}

TEST_CASE("the softplus table leaves infinities, NaN and the far tails to softplus") {
  const SoftplusTable& table = SoftplusTable::shared();
  const double infinity = std::numeric_limits<double>::infinity();
  CHECK(table(infinity) == infinity);
  CHECK(table(-infinity) == 0.0);
  CHECK(std::isnan(table(std::numeric_limits<double>::quiet_NaN())));
  constexpr double kEnd = SoftplusTable::kEnd;
  for (double x : {kEnd, -kEnd, 100.0, -100.0, -800.0, 800.0}) CHECK(table(x) == math::softplus(x));
  CHECK(table(0.0) == math::softplus(0.0));
}

TEST_CASE("summed side by side, the logistic losses keep the plain loop's bits") {
  // The loop that sums the window's loss runs eight examples per instruction where the CPU has
  // AVX-512 and four where it has AVX2; it must give what one example at a time gives, in and past
  // the table, NaN included.
  const SoftplusTable& table = SoftplusTable::shared();
  std::mt19937_64 random(11);
  std::normal_distribution<double> margin(0.0, 20.0);
  std::uniform_real_distribution<double> weight(0.0, 3.0);
  for (size_t count : {0, 1, 3, 4, 5, 8, 499, 500}) {
    std::vector<double> weights(count), targets(count), margins(count);
    for (size_t i = 0; i < count; ++i) {
      weights[i] = weight(random);
      targets[i] = random() % 2 == 0 ? 1.0 : -1.0;
      margins[i] = margin(random);
    }
    double plain[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < count; ++i) plain[i % 4] += weights[i] * table(-targets[i] * margins[i]);
    double paired[4] = {0, 0, 0, 0};
    table.add_logistic_losses(weights.data(), targets.data(), margins.data(), count, paired);
    for (size_t s = 0; s < 4; ++s) {
      INFO("count " << count << ", sum " << s);
      CHECK(std::bit_cast<uint64_t>(paired[s]) == std::bit_cast<uint64_t>(plain[s]));
    }
  }
  const double margins[4] = {1.0, std::numeric_limits<double>::quiet_NaN(), -40.0, 40.0};
  const double ones[4] = {1.0, 1.0, 1.0, 1.0};
  double sums[4] = {0, 0, 0, 0};
  table.add_logistic_losses(ones, ones, margins, 4, sums);
  CHECK(sums[0] == table(-1.0));
  CHECK(std::isnan(sums[1]));
  CHECK(sums[2] == 40.0);
  CHECK(sums[3] == math::softplus(-40.0));
  CHECK(sums[3] > 0.0);
}

TEST_CASE("each edge of the table, in every lane, keeps the plain loop's bits") {
  // A group of four (AVX2) or eight (AVX-512) with an argument past the table takes the others
  // from the table side by side and that one alone: each edge value sits in each lane of a group
  // of in-table ones. Four alone go to AVX2's loop, eight to AVX-512's where the CPU has it.
  const SoftplusTable& table = SoftplusTable::shared();
  const double infinity = std::numeric_limits<double>::infinity();
  constexpr double kEnd = SoftplusTable::kEnd;
  for (size_t group : {4, 8}) {
    for (double edge :
         {-infinity, -800.0, -kEnd, std::nextafter(-kEnd, 0.0), -36.0, std::nextafter(kEnd, 0.0),
          kEnd, 800.0, infinity, std::numeric_limits<double>::quiet_NaN()}) {
      for (size_t lane = 0; lane < group; ++lane) {
        std::vector<double> arguments = {0.5, -63.5, 7.25, -20.0, 1e-3, 30.0, -3.0, 63.9};
        arguments.resize(group);  // -63.5 and 63.9: within the table's last unit
        arguments[lane] = edge;
        const std::vector<double> ones(group, 1.0);
        const std::vector<double> targets(group, -1.0);  // the argument is the margin
        double sums[4] = {0, 0, 0, 0}, plain[4] = {0, 0, 0, 0};
        table.add_logistic_losses(ones.data(), targets.data(), arguments.data(), group, sums);
        for (size_t i = 0; i < group; ++i) plain[i % 4] += 1.0 * table(arguments[i]);
        for (size_t s = 0; s < 4; ++s) {
          INFO("edge " << edge << " in lane " << lane << " of " << group << ", sum " << s);
          CHECK(std::bit_cast<uint64_t>(sums[s]) == std::bit_cast<uint64_t>(plain[s]));
        }
      }
    }
  }
}
