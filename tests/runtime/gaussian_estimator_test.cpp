#include "tinymlkit/gaussian_estimator.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using tinymlkit::GaussianEstimator;

TEST_CASE("a Gaussian estimator's moments match the closed form, implied zeros included") {
  GaussianEstimator estimator;
  const std::vector<double> present{2.0, 4.0, -1.0};
  for (double x : present) estimator.add(x, 1.0);
  const double total = 5;  // two zeros
  const double mean = (2.0 + 4.0 - 1.0) / 5;
  double variance = 2 * mean * mean;
  for (double x : present) variance += (x - mean) * (x - mean);
  variance /= 5 - 1;  // MOA's sample variance
  CHECK(estimator.mean(total) == Approx(mean).epsilon(1e-14));
  CHECK(estimator.variance(total) == Approx(variance).epsilon(1e-14));
  CHECK(estimator.low(total) == -1.0);
  CHECK(estimator.high(total) == 4.0);
  CHECK(estimator.low(3) == -1.0);
  GaussianEstimator positive;
  positive.add(3.0, 1.0);
  CHECK(positive.low(2) == 0.0);  // the zero is the lowest value
  CHECK(positive.low(1) == 3.0);
}

TEST_CASE("the weight at or below a threshold follows the normal distribution") {
  GaussianEstimator estimator;
  for (double x : {1.0, 2.0, 3.0, 4.0, 5.0}) estimator.add(x, 2.0);  // weight 10
  const double mean = 3.0, sd = std::sqrt(20.0 / 9.0);  // sample variance: weight 10, divided by 10 - 1
  for (double t : {1.5, 3.0, 4.2}) {
    const double expected = 10 * 0.5 * std::erfc(-(t - mean) / (sd * std::sqrt(2.0)));
    CHECK(estimator.weight_at_or_below(t, 10) == Approx(expected).epsilon(2.4e-7));  // portable erfc
  }
  CHECK(estimator.weight_at_or_below(0.5, 10) == 0.0);  // below the smallest value
  CHECK(estimator.weight_at_or_below(5.0, 10) == 10.0);  // at or above the largest
}

TEST_CASE("a Gaussian of one observation has no spread, as MOA's (variance 0 up to weight 1)") {
  GaussianEstimator one;
  one.add(2.0, 1.0);
  CHECK(one.variance(1.0) == 0.0);
  CHECK(one.variance(2.0) == Approx(2.0));  // {2, 0}: squares 2 over 2 - 1
}
