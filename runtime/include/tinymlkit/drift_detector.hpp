// HDDM-A (Frías-Blanco et al., "Online and non-parametric drift detection methods based on
// Hoeffding's bounds", IEEE TKDE 2015) on a learner's progressive errors. It keeps the running
// error rate and the prefix of the stream whose rate, less its Hoeffding bound, was lowest; it
// signals a drift when the rate since then exceeds that prefix's by more than Hoeffding's bound
// for a difference of means at the given confidence. Only rises count: a learner that gets
// better has not drifted (ResettingDriftDetector, below, starts afresh after a fall). O(1) memory
// and time an example.
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
  friend class ResettingDriftDetector;

  // Hoeffding's bound for the mean of a prefix of k examples.
  double prefix_bound(double k) const;
  // Whether the mean of all examples lies past the mean of the first `cut` by more than Hoeffding's
  // bound for their difference (`difference` is the first less the second, or the reverse).
  bool significant(double difference, double cut) const;
  void restart();

  double log_one_over_confidence_;  // ln(1 / delta), for the prefix's bound
  double log_two_over_confidence_;  // ln(2 / delta), for the test of the rise
  uint64_t count_ = 0;
  double errors_ = 0;
  uint64_t cut_count_ = 0;  // the prefix with the lowest error rate less its bound
  double cut_errors_ = 0;
};

// HDDM-A with the other half of its two-sided test: a fall of the error rate, significant at
// the same confidence, starts the statistics afresh instead of signalling. A learner's first
// examples, or those before it adapted, then no longer inflate the rate that a later rise is
// measured against (sea.txt's first change went unnoticed for that reason). The single tree's
// detector; the forest's trees keep the plain one.
class ResettingDriftDetector {
 public:
  explicit ResettingDriftDetector(double confidence = 0.001) : rises_(confidence) {}

  // As DriftDetector::add.
  bool add(double error);

  void save(ByteWriter& out) const;
  // `format_version`: files before 6 did not hold the peak; it starts at the next example.
  Status load(ByteReader& in);

 private:
  DriftDetector rises_;
  uint64_t peak_count_ = 0;  // the prefix with the highest error rate plus its bound
  double peak_errors_ = 0;
};

}  // namespace tinymlkit
