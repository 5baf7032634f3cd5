#include "tinymlkit/target_histogram.hpp"

#include <catch2/catch.hpp>
#include <random>

using tinymlkit::TargetHistogram;
using tinymlkit::TargetMoments;

TEST_CASE("a histogram finds a step whatever range its values arrive in") {
  TargetHistogram histogram;
  TargetMoments total;
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> narrow(4.9, 5.1), wide(-100, 100);
  // A narrow start, then values far outside it: the bins must widen without losing weight.
  for (int i = 0; i < 4000; ++i) {
    const double x = i < 100 ? narrow(random) : wide(random);
    const double y = x > 20 ? 7.0 : 1.0;
    histogram.add(x, y, 1.0, 32);
    total.add(y, 1.0);
  }
  const TargetHistogram::Split split = histogram.best_split(total, 5);
  CHECK(split.left.weight + split.right.weight == Approx(total.weight));
  CHECK(split.threshold == Approx(20).margin(200.0 / 32 + 1e-9));
  CHECK(split.left.sum / split.left.weight < 2.0);
  CHECK(split.right.sum / split.right.weight > 6.0);
}

TEST_CASE("absent values are zeros on the right side of a split") {
  TargetHistogram histogram;
  TargetMoments total;
  for (int i = 0; i < 100; ++i) {  // x = 3 when present (y = 5), absent otherwise (y = -5)
    const bool present = i % 2 == 0;
    if (present) histogram.add(3.0, 5.0, 1.0, 16);
    total.add(present ? 5.0 : -5.0, 1.0);
  }
  const TargetHistogram::Split split = histogram.best_split(total, 5);
  CHECK(split.threshold > 0.0);
  CHECK(split.threshold < 3.0);
  CHECK(split.left.sum / split.left.weight == Approx(-5.0));  // the zeros
  CHECK(split.right.sum / split.right.weight == Approx(5.0));
}
