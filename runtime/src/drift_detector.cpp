#include "tinymlkit/drift_detector.hpp"
#include "tinymlkit/portable_math.hpp"

#include <cmath>

namespace tinymlkit {

DriftDetector::DriftDetector(double confidence)
    : log_one_over_confidence_(math::log(1.0 / confidence)), log_two_over_confidence_(math::log(2.0 / confidence)) {}

double DriftDetector::prefix_bound(double k) const {
  return std::sqrt(log_one_over_confidence_ / (2.0 * k));
}

// Hoeffding's bound for the mean of all n examples against the mean of the first cut, with
// m = (n - cut) / (cut n).
bool DriftDetector::significant(double difference, double cut) const {
  const double n = static_cast<double>(count_);
  const double m = (n - cut) / (cut * n);
  return difference >= std::sqrt(m / 2.0 * log_two_over_confidence_);
}

void DriftDetector::restart() {
  count_ = cut_count_ = 0;
  errors_ = cut_errors_ = 0;
}

bool DriftDetector::add(double error) {
  ++count_;
  errors_ += error;
  const double n = static_cast<double>(count_);
  if (cut_count_ == 0 || cut_errors_ / static_cast<double>(cut_count_) +
                                 prefix_bound(static_cast<double>(cut_count_)) >=
                             errors_ / n + prefix_bound(n)) {
    cut_count_ = count_;
    cut_errors_ = errors_;
  }
  if (cut_count_ == count_) return false;
  const double cut = static_cast<double>(cut_count_);
  if (!significant(errors_ / n - cut_errors_ / cut, cut)) return false;
  restart();
  return true;
}

bool ResettingDriftDetector::add(double error) {
  if (rises_.add(error)) {
    peak_count_ = 0;
    peak_errors_ = 0;
    return true;
  }
  const double n = static_cast<double>(rises_.count_), mean = rises_.errors_ / n;
  const double peak = static_cast<double>(peak_count_);
  if (peak_count_ == 0 ||
      peak_errors_ / peak - rises_.prefix_bound(peak) <= mean - rises_.prefix_bound(n)) {
    peak_count_ = rises_.count_;
    peak_errors_ = rises_.errors_;
  } else if (rises_.significant(peak_errors_ / peak - mean, peak)) {
    rises_.restart();
    peak_count_ = 0;
    peak_errors_ = 0;
  }
  return false;
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

void ResettingDriftDetector::save(ByteWriter& out) const {
  rises_.save(out);
  out.u64(peak_count_);
  out.f64(peak_errors_);
}

Status ResettingDriftDetector::load(ByteReader& in) {
  TMK_TRY(rises_.load(in));
  peak_count_ = 0;
  peak_errors_ = 0;
  if (in.format_version() < 6) return {};
  TMK_ASSIGN_OR_RETURN(peak_count_, in.u64());
  TMK_ASSIGN_OR_RETURN(peak_errors_, in.f64());
  if (peak_count_ > rises_.count_ || peak_errors_ < 0 || peak_errors_ > rises_.errors_ ||
      peak_errors_ > static_cast<double>(peak_count_))
    return in.malformed("a drift detector with impossible counts");
  return {};
}

}  // namespace tinymlkit
