#include "tinymlkit/feature_statistics.hpp"

#include <cmath>

namespace tinymlkit {

void ShiftedMoments::add(double x) {
  if (present == 0) shift = x;
  ++present;
  const double d = x - shift;
  sum += d;
  sum_squares += d * d;
}

double ShiftedMoments::mean(uint64_t total) const {
  if (total == 0) return 0.0;
  const double zeros = static_cast<double>(total - present);
  return shift + (sum - zeros * shift) / static_cast<double>(total);
}

double ShiftedMoments::scale(uint64_t total) const {
  if (total < 2) return 0.0;
  const double n = static_cast<double>(total);
  const double zeros = static_cast<double>(total - present);
  const double s1 = sum - zeros * shift;
  const double s2 = sum_squares + zeros * shift * shift;
  const double mean_shifted = s1 / n;
  const double variance = s2 / n - mean_shifted * mean_shifted;
  // What is left after cancellation at rounding level is no variance: a constant stays constant.
  if (!(variance > 1e-12 * (s2 / n))) return 0.0;
  return std::sqrt(variance);
}

void FeatureStatistics::add(std::span<const Feature> features) {
  ++count_;
  if (!features.empty() && features.back().index >= moments_.size())
    moments_.resize(size_t{features.back().index} + 1);
  for (const Feature& f : features) moments_[f.index].add(f.value);
}

void save_moments(ByteWriter& out, const ShiftedMoments& moments) {
  out.f64(moments.shift);
  out.u64(moments.present);
  out.f64(moments.sum);
  out.f64(moments.sum_squares);
}

Result<ShiftedMoments> load_moments(ByteReader& in) {
  ShiftedMoments moments;
  TMK_ASSIGN_OR_RETURN(moments.shift, in.f64());
  TMK_ASSIGN_OR_RETURN(moments.present, in.u64());
  TMK_ASSIGN_OR_RETURN(moments.sum, in.f64());
  TMK_ASSIGN_OR_RETURN(moments.sum_squares, in.f64());
  if (!std::isfinite(moments.shift) || !std::isfinite(moments.sum) || !std::isfinite(moments.sum_squares))
    return in.malformed("a feature statistic is NaN or infinite");
  return moments;
}

void FeatureStatistics::save(ByteWriter& out) const {
  out.u64(count_);
  out.u64(moments_.size());
  for (const ShiftedMoments& m : moments_) save_moments(out, m);
}

Status FeatureStatistics::load(ByteReader& in) {
  TMK_ASSIGN_OR_RETURN(count_, in.u64());
  TMK_ASSIGN_OR_RETURN(size_t dimension, in.count(32));
  moments_.resize(dimension);
  for (ShiftedMoments& m : moments_) {
    TMK_ASSIGN_OR_RETURN(m, load_moments(in));
    if (m.present > count_) return in.malformed("a feature seen more often than there were examples");
  }
  return {};
}

}  // namespace tinymlkit
