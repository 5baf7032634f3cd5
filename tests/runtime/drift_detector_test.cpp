#include "tinymlkit/drift_detector.hpp"

#include <catch2/catch.hpp>
#include <initializer_list>
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

// Error rates held for a number of examples each: the examples into the last phase until the
// detector signals a drift (-1 if it does not), after none in the phases before it.
struct Phase {
  double error_rate;
  int64_t examples;
};
template <class Detector>
int64_t drift_in_last_phase(Detector detector, uint64_t seed, std::initializer_list<Phase> phases) {
  std::mt19937_64 random(seed);
  const Phase* const last = phases.end() - 1;
  for (const Phase* phase = phases.begin(); phase != last; ++phase)
    REQUIRE(examples_to_drift(detector, random, phase->error_rate, phase->examples) == -1);
  return examples_to_drift(detector, random, last->error_rate, last->examples);
}

// False alarms over 10^6 examples at a steady 15% error rate.
template <class Detector>
int false_alarms(Detector detector) {
  std::mt19937_64 random(1);
  int alarms = 0;
  for (int64_t left = 1000000; left > 0;) {
    const int64_t at = examples_to_drift(detector, random, 0.15, left);
    if (at < 0) break;
    ++alarms;
    left -= at + 1;
  }
  return alarms;
}

}  // namespace

TEST_CASE("HDDM-A's false alarms are as rare as its confidence says while the error rate holds") {
  // delta = 0.001 bounds the chance of a false alarm at each test: measured over 5 seeds, 0.8
  // alarms per 10^6 examples at a 15% error rate, 2.2 at 30%, none at 5%. Starting afresh after
  // a fall (which a steady rate shows now and then by chance) must not make them more common.
  CHECK(false_alarms(DriftDetector(0.001)) <= 3);
  CHECK(false_alarms(ResettingDriftDetector(0.001)) <= 3);
}

TEST_CASE("HDDM-A signals a rise of the error rate within a few hundred examples") {
  const int64_t delay = drift_in_last_phase(DriftDetector(0.001), 3, {{0.1, 20000}, {0.3, 5000}});
  CHECK(delay >= 0);
  CHECK(delay < 600);
}

TEST_CASE("HDDM-A does not signal a fall of the error rate: a better model is no drift") {
  CHECK(drift_in_last_phase(DriftDetector(0.001), 4, {{0.3, 20000}, {0.05, 20000}}) == -1);
  CHECK(drift_in_last_phase(ResettingDriftDetector(0.001), 4, {{0.3, 20000}, {0.05, 20000}}) == -1);
}

TEST_CASE("after a fall of the error rate, a rise back is found against the better rate") {
  // A learner's first examples err more (it is learning), then it settles; a change then raises
  // its error by 5 points. Against the mean since the start, which the first examples inflate,
  // the rise is found late or not at all; against the settled rate, within a few thousand.
  const std::initializer_list<Phase> phases = {{0.30, 3000}, {0.12, 25000}, {0.17, 5000}};
  CHECK(drift_in_last_phase(DriftDetector(0.001), 5, phases) == -1);
  const int64_t resetting = drift_in_last_phase(ResettingDriftDetector(0.001), 5, phases);
  CHECK(resetting >= 0);
  CHECK(resetting < 3000);
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
