#include "tinymlkit/class_gaussians.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

using tinymlkit::ClassGaussians;
using tinymlkit::GaussianEstimator;

namespace {

struct Visited {
  std::vector<uint32_t> features;
  std::vector<double> means;
};

Visited visit_all(const ClassGaussians& gaussians) {
  Visited out;
  gaussians.for_each_by_index([&](uint32_t feature, const GaussianEstimator& gaussian) {
    out.features.push_back(feature);
    out.means.push_back(gaussian.mean(gaussian.present()));
  });
  return out;
}

}  // namespace

TEST_CASE("features met out of order are visited in index order, each with its own Gaussian") {
  ClassGaussians gaussians;
  // A permutation of 0..999 (7919 is prime to 1000): out of order from the second feature on, so
  // the appended ones are merged in more than once on the way.
  std::vector<uint32_t> expected;
  for (uint32_t k = 0; k < 1000; ++k) {
    const uint32_t feature = (k * 7919) % 1000;
    gaussians.at(feature).add(feature + 0.5, 1.0);
    if (k % 3 == 0) {  // check in between too: the merge of what arrived since must keep order
      const Visited seen = visit_all(gaussians);
      REQUIRE(seen.features.size() == k + 1);
      REQUIRE(std::is_sorted(seen.features.begin(), seen.features.end()));
    }
  }
  const Visited seen = visit_all(gaussians);
  REQUIRE(seen.features.size() == 1000);
  for (uint32_t j = 0; j < 1000; ++j) {
    CHECK(seen.features[j] == j);
    CHECK(seen.means[j] == j + 0.5);
    REQUIRE(gaussians.find(j) != nullptr);
    CHECK(gaussians.find(j)->mean(1.0) == j + 0.5);
  }
  CHECK(gaussians.find(1000) == nullptr);
}

TEST_CASE(
    "a feature met again adds to its Gaussian, before and after the appended ones are merged in") {
  ClassGaussians gaussians;
  for (uint32_t j = 500; j > 0; --j)
    gaussians.at(j).add(1.0, 1.0);  // descending: every one appended
  for (uint32_t j = 1; j <= 500; ++j) gaussians.at(j).add(3.0, 1.0);
  CHECK(gaussians.size() == 500);
  const Visited seen = visit_all(gaussians);
  for (size_t k = 0; k < seen.features.size(); ++k) {
    CHECK(seen.features[k] == k + 1);
    CHECK(seen.means[k] == 2.0);
  }
}

TEST_CASE("features past the first pages keep their Gaussians as more are met, in any order") {
  // 10,007 features: past two of ClassGaussians' pages (4096 each), met in a permuted order
  // (7919 is prime to 10,007) and each met twice, the second time after all the others.
  constexpr uint32_t kFeatures = 10007;
  ClassGaussians gaussians;
  for (int round = 0; round < 2; ++round)
    for (uint32_t k = 0; k < kFeatures; ++k) {
      const uint32_t feature = static_cast<uint32_t>((uint64_t{k} * 7919) % kFeatures);
      gaussians.at(feature).add(feature + round, 1.0);
    }
  const Visited seen = visit_all(gaussians);
  REQUIRE(seen.features.size() == kFeatures);
  for (uint32_t j = 0; j < kFeatures; ++j) {
    CHECK(seen.features[j] == j);
    CHECK(seen.means[j] == j + 0.5);
    REQUIRE(gaussians.find(j) != nullptr);
    CHECK(gaussians.find(j)->mean(2.0) == j + 0.5);
  }
}

TEST_CASE("a row's features looked up with a hint get their own Gaussians, in order or far apart") {
  ClassGaussians gaussians;
  for (uint32_t j = 0; j < 100; ++j) gaussians.at(j).add(j, 1.0);  // met in index order
  // Rows in order from the start (the hint finds each), with gaps (it misses, then finds the
  // next), far apart (it is dropped), and with a feature met for the first time in between.
  const std::vector<std::vector<uint32_t>> rows = {
      {0, 1, 2, 3}, {5, 7, 8, 60, 61, 99}, {3, 50, 97}, {40, 200, 41, 42, 43}, {0, 200, 201}};
  for (const std::vector<uint32_t>& row : rows) {
    uint32_t hint = 0;
    for (const uint32_t feature : row) {
      const GaussianEstimator* found = &gaussians.at(feature, hint);
      CHECK(found == gaussians.find(feature));
    }
  }
  CHECK(gaussians.size() == 102);
  for (uint32_t j = 0; j < 100; ++j) CHECK(gaussians.find(j)->mean(1.0) == j);
}
