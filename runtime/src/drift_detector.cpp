#include "tinymlkit/drift_detector.hpp"
#include "tinymlkit/portable_math.hpp"

#include <cmath>

namespace tinymlkit {

DriftDetector::DriftDetector(double confidence)
    : log_one_over_confidence_(math::log(1.0 / confidence)), log_two_over_confidence_(math::log(2.0 / confidence)) {}

bool DriftDetector::add(double error) {
  ++count_;
  errors_ += error;
  const double n = static_cast<double>(count_);
  const auto bound = [&](double k) { return std::sqrt(log_one_over_confidence_ / (2.0 * k)); };
  if (cut_count_ == 0 ||
      cut_errors_ / static_cast<double>(cut_count_) + bound(static_cast<double>(cut_count_)) >= errors_ / n + bound(n)) {
    cut_count_ = count_;
    cut_errors_ = errors_;
  }
  if (cut_count_ == count_) return false;
  // Hoeffding's bound for the mean of all n against the mean of the first cut: m = (n - cut) / (cut n).
  const double cut = static_cast<double>(cut_count_);
  const double m = (n - cut) / (cut * n);
  const double epsilon = std::sqrt(m / 2.0 * log_two_over_confidence_);
  if (errors_ / n - cut_errors_ / cut < epsilon) return false;
  count_ = cut_count_ = 0;
  errors_ = cut_errors_ = 0;
  return true;
}

void DriftDetector::save(ByteWriter& out) const {
  out.u64(count_);
  out.f64(errors_);
  out.u64(cut_count_);
  out.f64(cut_errors_);
}

Status DriftDetector::load(ByteReader& in) {
  TMK_ASSIGN_OR_RETURN(count_, in.u64());
  TMK_ASSIGN_OR_RETURN(errors_, in.f64());
  TMK_ASSIGN_OR_RETURN(cut_count_, in.u64());
  TMK_ASSIGN_OR_RETURN(cut_errors_, in.f64());
  const bool counts_fit = cut_count_ <= count_ && (count_ == 0 || cut_count_ > 0);
  const bool errors_fit = errors_ >= 0 && errors_ <= static_cast<double>(count_) && cut_errors_ >= 0 &&
                          cut_errors_ <= errors_ && cut_errors_ <= static_cast<double>(cut_count_);
  if (!counts_fit || !errors_fit) return in.malformed("a drift detector with impossible counts");
  return {};
}

}  // namespace tinymlkit
