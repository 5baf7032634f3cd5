#include "tinymlkit/drift_detector.hpp"

#include <algorithm>
#include <cmath>

namespace tinymlkit {

DriftDetector::State DriftDetector::add(bool error) {
  const double x = error ? 1.0 : 0.0;
  ++count_;
  mean_ += (x - mean_) / static_cast<double>(count_);
  sum_ = kFading * sum_ + (x - mean_ - kTolerance);
  lowest_ = std::min(lowest_, sum_);
  if (count_ < kMinExamples) return State::kStable;
  const double rise = sum_ - lowest_;
  if (rise > kThreshold) {
    *this = DriftDetector();
    return State::kDrift;
  }
  return rise > kThreshold / 2 ? State::kWarning : State::kStable;
}

void DriftDetector::save(ByteWriter& out) const {
  out.u64(count_);
  out.f64(mean_);
  out.f64(sum_);
  out.f64(lowest_);
}

Status DriftDetector::load(ByteReader& in) {
  TMK_ASSIGN_OR_RETURN(count_, in.u64());
  TMK_ASSIGN_OR_RETURN(mean_, in.f64());
  TMK_ASSIGN_OR_RETURN(sum_, in.f64());
  TMK_ASSIGN_OR_RETURN(lowest_, in.f64());
  if (!(mean_ >= 0 && mean_ <= 1) || !std::isfinite(sum_) || !std::isfinite(lowest_) || lowest_ > sum_)
    return in.malformed("a drift detector with impossible sums");
  return {};
}

}  // namespace tinymlkit
