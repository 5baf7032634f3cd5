#include "tinymlkit/split_criterion.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using tinymlkit::BranchDistributions;
using tinymlkit::SplitCriterion;
using tinymlkit::TargetMoments;

TEST_CASE("information gain and Gini merits match hand computation") {
  const std::vector<double> before{10, 10};
  const BranchDistributions after{2, {8, 2, 2, 8}};
  const double h = -(0.8 * std::log2(0.8) + 0.2 * std::log2(0.2));  // 0.7219 bits
  CHECK(tinymlkit::entropy_bits(before) == Approx(1.0));
  CHECK(tinymlkit::split_merit(SplitCriterion::kInfoGain, tinymlkit::entropy_bits(before), after) ==
        Approx(1.0 - h));
  CHECK(tinymlkit::split_merit(SplitCriterion::kGini, tinymlkit::entropy_bits(before), after) ==
        Approx(1.0 - 0.32));
  CHECK(tinymlkit::merit_range(SplitCriterion::kInfoGain, 2) == Approx(1.0).epsilon(1e-15));
  CHECK(tinymlkit::merit_range(SplitCriterion::kInfoGain, 8) == Approx(3.0).epsilon(1e-15));
  CHECK(tinymlkit::merit_range(SplitCriterion::kGini, 8) == 1.0);
}

TEST_CASE("information gain refuses a split that leaves one branch almost empty") {
  const std::vector<double> before{500, 500};
  const BranchDistributions lopsided{2, {500, 496, 0, 4}};  // 0.4% of the weight on one side
  CHECK(std::isinf(tinymlkit::split_merit(SplitCriterion::kInfoGain,
                                          tinymlkit::entropy_bits(before), lopsided)));
}

TEST_CASE("not splitting has no information gain to offer: its merit is -inf (MOA)") {
  const std::vector<double> before{10, 30};
  const BranchDistributions unsplit{2, before};
  CHECK(tinymlkit::split_merit(SplitCriterion::kInfoGain, tinymlkit::entropy_bits(before),
                               unsplit) == -std::numeric_limits<double>::infinity());
}

TEST_CASE("a branch needs more than 1% of the weight to count (MOA's frac > minFrac)") {
  const std::vector<double> before{50, 50};
  const BranchDistributions one_percent{2, {1, 0, 49, 50}};  // exactly 1% on the left
  CHECK(tinymlkit::split_merit(SplitCriterion::kInfoGain, tinymlkit::entropy_bits(before),
                               one_percent) == -std::numeric_limits<double>::infinity());
}

TEST_CASE("the Hoeffding bound is sqrt(R^2 ln(1/delta) / 2n)") {
  CHECK(tinymlkit::hoeffding_bound(1.0, 1e-7, 200) == Approx(std::sqrt(std::log(1e7) / 400)));
  CHECK(tinymlkit::hoeffding_bound(2.0, 0.05, 50) == Approx(std::sqrt(4 * std::log(20.0) / 100)));
}

TEST_CASE("variance reduction matches hand computation") {
  TargetMoments all, left, right;
  for (double y : {1.0, 2.0, 3.0}) {
    left.add(y, 1);
    all.add(y, 1);
  }
  for (double y : {10.0, 12.0}) {
    right.add(y, 1);
    all.add(y, 1);
  }
  const TargetMoments branches[] = {left, right};
  const double expected = all.variance() - (3.0 / 5 * (2.0 / 3) + 2.0 / 5 * 1.0);
  CHECK(tinymlkit::variance_reduction(all, branches, 1) == Approx(expected));
  CHECK(std::isinf(tinymlkit::variance_reduction(all, branches, 3)));  // right holds only 2
}

TEST_CASE("the chance gain is what splits that tell nothing of the class gain on average") {
  // 2,000 rounds of 600 examples with random labels of 3 classes, split by a random category of
  // 20 (then of 2): the mean information gain is the chi-squared mean the formula gives.
  std::mt19937_64 random(7);
  for (const size_t branches : {size_t{20}, size_t{2}}) {
    const size_t classes = 3, examples = 600, rounds = 2000;
    double total_gain = 0;
    for (size_t round = 0; round < rounds; ++round) {
      BranchDistributions after{classes, std::vector<double>(branches * classes, 0.0)};
      std::vector<double> before(classes, 0.0);
      for (size_t i = 0; i < examples; ++i) {
        const size_t c = random() % classes, b = random() % branches;
        before[c] += 1;
        after.weights[b * classes + c] += 1;
      }
      total_gain +=
          tinymlkit::split_merit(SplitCriterion::kInfoGain, tinymlkit::entropy_bits(before), after);
    }
    const double expected = tinymlkit::chance_information_gain(branches, classes, examples);
    CHECK(total_gain / rounds == Approx(expected).epsilon(0.05));
  }
  CHECK(tinymlkit::chance_information_gain(20, 3, 600) == Approx(38.0 / (1200 * std::log(2.0))));
  CHECK(tinymlkit::chance_information_gain(1, 3, 600) == 0.0);   // "do not split" gains nothing
  CHECK(tinymlkit::chance_information_gain(20, 1, 600) == 0.0);  // nor a split of one class
}
