#include "tinymlkit/drift_detector.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "tinymlkit/byte_io.hpp"

using tinymlkit::DriftDetector;
using tinymlkit::ResettingDriftDetector;

namespace {

// Examples until the detector signals a drift, or -1 within `limit`.
template <class Detector>
int64_t examples_to_drift(Detector& detector, std::mt19937_64& random, double error_rate,
                          int64_t limit) {
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

TEST_CASE("after a fall of the error rate, a rise back is found against the better rate") {
  // A learner's first examples err more (it is learning), then it settles; a change then raises
  // its error by 5 points. Against the mean since the start, which the first examples inflate,
  // the rise is found late or not at all; against the settled rate, within a few thousand.
  const auto delay_of_rise = [](auto detector) {
    std::mt19937_64 random(5);
    REQUIRE(examples_to_drift(detector, random, 0.30, 3000) == -1);
    REQUIRE(examples_to_drift(detector, random, 0.12, 25000) == -1);
    return examples_to_drift(detector, random, 0.17, 5000);
  };
  const int64_t plain = delay_of_rise(DriftDetector(0.001));
  const int64_t resetting = delay_of_rise(ResettingDriftDetector(0.001));
  CHECK(plain == -1);
  CHECK(resetting >= 0);
  CHECK(resetting < 3000);
}

TEST_CASE("a detector that starts afresh after a fall still stays quiet on a steady rate") {
  ResettingDriftDetector detector(0.001);
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

TEST_CASE("a detector saved before format 6 loads, and its peak starts afresh") {
  // Version 5 files hold the plain detector's four fields; version 6 adds the peak.
  DriftDetector plain(0.001);
  std::mt19937_64 random(6);
  REQUIRE(examples_to_drift(plain, random, 0.2, 1000) == -1);
  tinymlkit::ByteWriter old_bytes;
  plain.save(old_bytes);
  ResettingDriftDetector loaded(0.001);
  tinymlkit::ByteReader version5(old_bytes.bytes(), "m.tmk", 5);
  REQUIRE(loaded.load(version5));
  CHECK(version5.remaining() == 0);
  tinymlkit::ByteReader version6(old_bytes.bytes(), "m.tmk", 6);
  CHECK_FALSE(loaded.load(version6));  // the peak is missing

  tinymlkit::ByteWriter new_bytes;
  loaded.save(new_bytes);
  tinymlkit::ByteReader again(new_bytes.bytes(), "m.tmk", 6);
  ResettingDriftDetector reloaded(0.001);
  REQUIRE(reloaded.load(again));
  CHECK(again.remaining() == 0);
}
