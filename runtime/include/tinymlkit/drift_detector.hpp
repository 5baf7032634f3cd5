// The Page-Hinkley test (Page 1954; MOA's PageHinkleyDM defaults) on a learner's progressive
// errors: it accumulates each error's excess over the running error rate, less a tolerance
// delta, with a slow fading factor, and signals a drift when the sum rises lambda above its
// lowest point. Half of lambda is a warning: time to start learning the new concept aside.
// (DDM, the other classic, fixes its reference on the first few noisy examples and then misses
// the drifts of shared/data/sea.txt.)
#pragma once

#include <cstdint>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

class DriftDetector {
 public:
  enum class State : uint8_t { kStable, kWarning, kDrift };

  // After each prediction: whether it was wrong. A drift starts the detector afresh.
  State add(bool error);

  void save(ByteWriter& out) const;
  Status load(ByteReader& in);

 private:
  static constexpr uint64_t kMinExamples = 30;
  static constexpr double kTolerance = 0.005;  // delta
  static constexpr double kThreshold = 50;     // lambda
  static constexpr double kFading = 0.9999;    // alpha

  uint64_t count_ = 0;
  double mean_ = 0;
  double sum_ = 0;
  double lowest_ = 0;
};

}  // namespace tinymlkit
