#include "tinymlkit/drift_detector.hpp"

#include <catch2/catch.hpp>
#include <random>

using tinymlkit::DriftDetector;

namespace {

// Examples until the detector signals a drift, or -1 within `limit`.
int64_t examples_to_drift(DriftDetector& detector, std::mt19937_64& random, double error_rate, int64_t limit) {
  std::bernoulli_distribution error(error_rate);
  for (int64_t i = 0; i < limit; ++i)
    if (detector.add(error(random)) == DriftDetector::State::kDrift) return i;
  return -1;
}

}  // namespace

TEST_CASE("Page-Hinkley false alarms are rare while the error rate holds") {
  // With MOA's defaults, about one a 30,000 examples at a 15% error rate (measured over seeds).
  DriftDetector detector;
  std::mt19937_64 random(1);
  int alarms = 0;
  for (int64_t left = 200000; left > 0;) {
    const int64_t at = examples_to_drift(detector, random, 0.15, left);
    if (at < 0) break;
    ++alarms;
    left -= at + 1;
  }
  CHECK(alarms <= 10);
}

TEST_CASE("Page-Hinkley signals a rise of the error rate, warning first") {
  DriftDetector detector;
  std::mt19937_64 random(2);
  REQUIRE(examples_to_drift(detector, random, 0.1, 20000) == -1);
  std::bernoulli_distribution error(0.3);
  int64_t warned = -1, drifted = -1;
  for (int64_t i = 0; i < 5000 && drifted < 0; ++i) {
    const DriftDetector::State state = detector.add(error(random));
    if (state == DriftDetector::State::kWarning && warned < 0) warned = i;
    if (state == DriftDetector::State::kDrift) drifted = i;
  }
  CHECK(warned >= 0);
  CHECK(drifted > warned);
  CHECK(drifted < 600);  // lambda 50 over a 0.2 rise: about 250 examples
}
