#include "tinymlkit/aggregate.hpp"

#include "attacks.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using tinymlkit::AggregationRule;
using Rows = std::vector<std::vector<double>>;

namespace {

const AggregationRule kRobust[] = {AggregationRule::kMedian, AggregationRule::kGeometricMedian,
                                   AggregationRule::kMeanAroundMedian, AggregationRule::kTrimmedMean,
                                   AggregationRule::kKrum, AggregationRule::kCenteredClip};

std::vector<double> run(AggregationRule rule, const Rows& rows, size_t f) {
  auto result = tinymlkit::aggregate(rule, rows, f);
  REQUIRE(result);
  return result->value;
}

void check_close(const std::vector<double>& actual, const std::vector<double>& expected, double tolerance) {
  REQUIRE(actual.size() == expected.size());
  for (size_t k = 0; k < actual.size(); ++k) CHECK(actual[k] == Approx(expected[k]).margin(tolerance));
}

}  // namespace

TEST_CASE("aggregation rules give the reference's known answers") {
  const Rows x{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  check_close(run(AggregationRule::kMedian, x, 1), {4, 5, 6}, 1e-9);
  check_close(tinymlkit::trimmed_mean(x, 1), {4, 5, 6}, 1e-9);
  check_close(tinymlkit::mean_around_median(x, 1), {2.5, 3.5, 4.5}, 1e-9);
  check_close(run(AggregationRule::kGeometricMedian, x, 1), {4, 5, 6}, 1e-9);
  check_close(tinymlkit::weiszfeld(x, {0, 0, 0}, 0.1, 0.0, 3).value, {3.78788764, 4.78788764, 5.78788764}, 1e-8);
  check_close(tinymlkit::krum(x, 1), {1, 2, 3}, 1e-9);
  check_close(tinymlkit::coordinate_median(Rows{{0.2}, {1}, {0.5}}), {0.5}, 1e-9);
  check_close(tinymlkit::coordinate_median(Rows{{1}, {2}, {10}, {11}}), {6}, 1e-9);
  check_close(tinymlkit::krum(Rows{{0.2}, {0.7}, {1}}, 1), {0.7}, 1e-9);
  // Three clipped steps from 0, each clipping at the median distance (worked by hand): 4/3,
  // then 14/9, then 46/27.
  check_close(tinymlkit::centered_clipping(Rows{{0}, {2}, {10}}, std::vector<double>{0}), {46.0 / 27.0}, 1e-12);
  check_close(tinymlkit::centered_clipping(Rows{{0}, {1}, {100}}, std::vector<double>{1}), {1}, 1e-12);
  Rows ten;
  for (int i = 0; i < 10; ++i) ten.push_back({static_cast<double>(i)});
  check_close(tinymlkit::trimmed_mean(ten, 2), {4.5}, 1e-9);
}

TEST_CASE("every rule is permutation invariant, translation and scale equivariant, idempotent") {
  std::mt19937_64 random(1);
  std::normal_distribution<double> normal(0, 1);
  Rows rows(9, std::vector<double>(4));
  for (auto& row : rows)
    for (double& v : row) v = normal(random);
  rows[0] = rows[1] = {40, -40, 40, 40};  // two attackers, far off
  const std::vector<double> shift{3, -1, 100, 0.5};
  for (AggregationRule rule : kRobust) {
    INFO(tinymlkit::aggregation_rule_name(rule));
    const std::vector<double> base = run(rule, rows, 2);
    Rows permuted(rows.rbegin(), rows.rend());
    check_close(run(rule, permuted, 2), base, 1e-9);
    Rows moved = rows;
    for (auto& row : moved)
      for (size_t k = 0; k < row.size(); ++k) row[k] += shift[k];
    std::vector<double> expected_moved = base;
    for (size_t k = 0; k < base.size(); ++k) expected_moved[k] += shift[k];
    check_close(run(rule, moved, 2), expected_moved, 1e-7);
    // At any scale: clients in micro-units aggregate as the same clients in units (the geometric
    // median's smoothing and stopping must not be absolute).
    for (double scale : {7.5, 1e-7, 1e-150, 1e7, 1e150}) {
      INFO("at scale " << scale);
      Rows scaled = rows;
      for (auto& row : scaled)
        for (double& v : row) v *= scale;
      const std::vector<double> result = run(rule, scaled, 2);
      for (size_t k = 0; k < base.size(); ++k) CHECK(result[k] / scale == Approx(base[k]).margin(1e-7));
    }
    check_close(run(rule, Rows(7, rows[0]), 2), rows[0], 1e-9);
  }
}

TEST_CASE("non-iid clients under 'a little is enough': clipping around the last global model holds") {
  // Honest clients in three groups (data split by a feature gives each group its own optimum);
  // f = 3 of 15 attackers send mean - z sd of the honest vectors (Baruch et al. 2019), which
  // sits inside the honest spread, so distance-based rules pick it. The last round's global model
  // is near the honest mean; clipping around it bounds each attacker's pull.
  std::mt19937_64 random(7);
  std::normal_distribution<double> noise(0, 0.3);
  const size_t n = 15, f = 3, d = 10;
  Rows honest;
  for (size_t i = 0; i < n - f; ++i) {
    std::vector<double> row(d);
    for (size_t k = 0; k < d; ++k) row[k] = 1.0 + 3.0 * (static_cast<double>((i + k) % 3) - 1.0) + noise(random);
    honest.push_back(row);
  }
  const std::vector<double> honest_mean = tinymlkit::plain_mean(honest);
  std::vector<double> previous = honest_mean;
  for (double& v : previous) v += noise(random);
  Rows rows = honest;
  for (size_t i = 0; i < f; ++i) rows.push_back(tinymlkit::attacks::little_is_enough(honest, n, f));
  const auto error = [&](const std::vector<double>& v) {
    double sum = 0;
    for (size_t k = 0; k < d; ++k) sum += (v[k] - honest_mean[k]) * (v[k] - honest_mean[k]);
    return std::sqrt(sum);
  };
  auto clipped = tinymlkit::aggregate(AggregationRule::kCenteredClip, rows, f, previous);
  REQUIRE(clipped);
  const double clipping_error = error(clipped->value);
  for (AggregationRule rule : kRobust) {
    const double rule_error = error(run(rule, rows, f));
    INFO(tinymlkit::aggregation_rule_name(rule) << ": " << rule_error << ", clipping around the last model: "
                                                 << clipping_error);
    if (rule != AggregationRule::kCenteredClip) CHECK(clipping_error < rule_error);
  }
  CHECK(clipping_error < 0.5 * error(tinymlkit::krum(rows, f)));
}

TEST_CASE("the mean breaks with one attacker; robust rules stay bounded below half") {
  std::mt19937_64 random(2);
  std::normal_distribution<double> honest_noise(0, 1), gaussian_attack(0, 200);
  for (size_t n : {10u, 15u}) {
    for (size_t d : {1u, 11u, 200u}) {
      for (size_t f = 0; 2 * f < n; ++f) {
        Rows honest(n - f, std::vector<double>(d));
        for (auto& row : honest)
          for (double& v : row) v = 1.0 + honest_noise(random);
        const std::vector<double> honest_mean = tinymlkit::plain_mean(honest);
        const std::vector<double> honest_sd = tinymlkit::attacks::deviations(honest);
        const double z = tinymlkit::attacks::normal_quantile(static_cast<double>(n - f - (n / 2 + 1 - f)) / (n - f));
        const std::vector<std::function<double(size_t)>> attacks{
            [](size_t) { return 1e3; },
            [](size_t) { return 1e9; },
            [&](size_t) { return 1e6 + honest_noise(random); },
            [&](size_t k) { return -honest_mean[k]; },
            [&](size_t k) { return -10 * honest_mean[k]; },
            [&](size_t) { return gaussian_attack(random); },
            [&](size_t k) { return honest_mean[k] - z * honest_sd[k]; },  // a little is enough
            [&](size_t k) { return -0.1 * honest_mean[k]; },             // inner-product manipulation
        };
        for (size_t attack = 0; attack < attacks.size(); ++attack) {
          Rows rows = honest;
          for (size_t i = 0; i < f; ++i) {
            std::vector<double> bad(d);
            for (size_t k = 0; k < d; ++k) bad[k] = attacks[attack](k);
            rows.push_back(bad);
          }
          for (AggregationRule rule : kRobust) {
            if (rule == AggregationRule::kKrum && n < 2 * f + 3) {
              CHECK_FALSE(tinymlkit::aggregate(rule, rows, f));  // refused, not fooled
              continue;
            }
            const std::vector<double> out = run(rule, rows, f);
            double worst = 0;
            for (size_t k = 0; k < d; ++k) worst = std::max(worst, std::fabs(out[k] - honest_mean[k]));
            INFO("n " << n << " d " << d << " f " << f << " attack " << attack << " "
                      << tinymlkit::aggregation_rule_name(rule));
            CHECK(worst < 6.0);  // honest spread is 1
          }
          if (f >= 1 && attack == 1) {
            CHECK(run(AggregationRule::kMean, rows, f)[0] > 1e7);  // the mean is anywhere
          }
        }
      }
    }
  }
}

TEST_CASE("preconditions and non-finite clients are refused, never computed") {
  const Rows rows(15, std::vector<double>{1.0});
  CHECK_FALSE(tinymlkit::aggregate(AggregationRule::kKrum, rows, 7));  // 15 < 2*7 + 3
  CHECK(tinymlkit::aggregate(AggregationRule::kKrum, rows, 6));
  CHECK_FALSE(tinymlkit::aggregate(AggregationRule::kMedian, rows, 8));
  CHECK(tinymlkit::aggregate(AggregationRule::kMean, rows, 8));
  Rows poisoned = rows;
  poisoned[3][0] = std::numeric_limits<double>::quiet_NaN();
  for (AggregationRule rule : kRobust) CHECK_FALSE(tinymlkit::aggregate(rule, poisoned, 1));
  poisoned[3][0] = std::numeric_limits<double>::infinity();
  CHECK_FALSE(tinymlkit::aggregate(AggregationRule::kMean, poisoned, 1));
}

TEST_CASE("the geometric median started at the coordinate median converges in few iterations") {
  std::mt19937_64 random(3);
  std::normal_distribution<double> normal(0, 1);
  Rows rows(15, std::vector<double>(100));
  for (auto& row : rows)
    for (double& v : row) v = normal(random);
  for (size_t i = 0; i < 2; ++i) std::fill(rows[i].begin(), rows[i].end(), 1e6);
  auto result = tinymlkit::aggregate(AggregationRule::kGeometricMedian, rows, 2);
  REQUIRE(result);
  CHECK(result->iterations < 100);
  for (double v : result->value) CHECK(std::fabs(v) < 2.0);
}
