// HDDM-A (Frías-Blanco et al., "Online and non-parametric drift detection methods based on
// Hoeffding's bounds", IEEE TKDE 2015) on a learner's progressive errors. It keeps the running
// error rate and the prefix of the stream whose rate, less its Hoeffding bound, was lowest; it
// signals a drift when the rate since then exceeds that prefix's by more than Hoeffding's bound
// for a difference of means at the given confidence. Only rises count: a learner that gets
// better has not drifted. O(1) memory and time an example.
#pragma once

#include <cstdint>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

class DriftDetector {
 public:
  // confidence: delta, the chance of a false alarm at one test.
  explicit DriftDetector(double confidence = 0.001);

  // After each prediction, its error in [0, 1]: 1 or 0 for a wrong or a right class, a loss
  // scaled into [0, 1] otherwise (HDDM-A's bound holds for any bounded values). True on a
  // drift, which starts it afresh.
  bool add(double error);

  void save(ByteWriter& out) const;
  Status load(ByteReader& in);

 private:
  double log_one_over_confidence_;  // ln(1 / delta), for the prefix's bound
  double log_two_over_confidence_;  // ln(2 / delta), for the test of the rise
  uint64_t count_ = 0;
  double errors_ = 0;
  uint64_t cut_count_ = 0;  // the prefix with the lowest error rate less its bound
  double cut_errors_ = 0;
};

}  // namespace tinymlkit
