#include "tinymlkit/drift_detector.hpp"

#include <catch2/catch.hpp>
#include <random>

using tinymlkit::DriftDetector;

namespace {

// Examples until the detector signals a drift, or -1 within `limit`.
int64_t examples_to_drift(DriftDetector& detector, std::mt19937_64& random, double error_rate, int64_t limit) {
  std::bernoulli_distribution error(error_rate);
  for (int64_t i = 0; i < limit; ++i)
    if (detector.add(error(random))) return i;
  return -1;
}

}  // namespace

TEST_CASE("HDDM-A's false alarms are as rare as its confidence says while the error rate holds") {
  // delta = 0.001 bounds the chance of a false alarm at each test: measured over 5 seeds, 0.8
  // alarms per 10^6 examples at a 15% error rate, 2.2 at 30%, none at 5%.
  DriftDetector detector(0.001);
  std::mt19937_64 random(1);
  int alarms = 0;
  for (int64_t left = 1000000; left > 0;) {
    const int64_t at = examples_to_drift(detector, random, 0.15, left);
    if (at < 0) break;
    ++alarms;
    left -= at + 1;
  }
  CHECK(alarms <= 3);
}

TEST_CASE("HDDM-A signals a rise of the error rate within a few hundred examples") {
  DriftDetector detector(0.001);
  std::mt19937_64 random(3);
  REQUIRE(examples_to_drift(detector, random, 0.1, 20000) == -1);
  const int64_t delay = examples_to_drift(detector, random, 0.3, 5000);
  CHECK(delay >= 0);
  CHECK(delay < 600);
}

TEST_CASE("HDDM-A does not signal a fall of the error rate: a better model is no drift") {
  DriftDetector detector(0.001);
  std::mt19937_64 random(4);
  REQUIRE(examples_to_drift(detector, random, 0.3, 20000) == -1);
  CHECK(examples_to_drift(detector, random, 0.05, 20000) == -1);
}
