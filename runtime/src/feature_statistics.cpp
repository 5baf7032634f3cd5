#include "tinymlkit/feature_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace tinymlkit {

void ShiftedMoments::add(double x, double weight) {
  if (present == 0) shift = x;
  present += weight;
  const double d = x - shift;
  sum += weight * d;
  sum_squares += weight * d * d;
}

// The mean of the shifted values and the variance, the zeros counted (total > 0).
std::pair<double, double> ShiftedMoments::shifted_mean_and_variance(double total) const {
  const double zeros = total - present;
  const double mean_shifted = (sum - zeros * shift) / total;
  const double s2 = sum_squares + zeros * shift * shift;
  const double variance = s2 / total - mean_shifted * mean_shifted;
  // What is left after cancellation at rounding level is no variance: a constant stays constant.
  return {mean_shifted, variance > 1e-12 * (s2 / total) ? variance : 0.0};
}

double ShiftedMoments::mean(double total) const {
  return total > 0 ? shift + shifted_mean_and_variance(total).first : 0.0;
}

double ShiftedMoments::variance(double total) const {
  return total > 0 ? shifted_mean_and_variance(total).second : 0.0;
}

double ShiftedMoments::scale(double total) const { return std::sqrt(variance(total)); }

std::pair<double, double> ShiftedMoments::mean_and_scale(double total) const {
  if (!(total > 0)) return {0.0, 0.0};
  const auto [mean_shifted, variance] = shifted_mean_and_variance(total);
  return {shift + mean_shifted, std::sqrt(variance)};
}

void FeatureStatistics::assign(uint64_t count, std::span<const double> means, std::span<const double> variances) {
  count_ = count;
  const double n = static_cast<double>(count);
  moments_.assign(means.size(), ShiftedMoments{});
  for (size_t j = 0; j < means.size(); ++j)
    moments_[j] = ShiftedMoments{means[j], n, 0.0, std::max(0.0, variances[j]) * n};
}

void FeatureStatistics::add(std::span<const Feature> features) {
  ++count_;
  if (!features.empty() && features.back().index >= moments_.size())
    moments_.resize(size_t{features.back().index} + 1);
  for (const Feature& f : features) moments_[f.index].add(f.value);
}

Result<FeatureStatistics> aggregate_statistics(std::span<const FeatureStatistics* const> statistics,
                                              AggregationRule rule, size_t byzantine) {
  size_t dimension = 0;
  for (const FeatureStatistics* s : statistics) dimension = std::max(dimension, s->dimension());
  std::vector<std::vector<double>> means, variances, counts;
  for (const FeatureStatistics* s : statistics) {
    std::vector<double> mean(dimension, 0.0), variance(dimension, 0.0);
    for (size_t j = 0; j < s->dimension(); ++j) {
      mean[j] = s->mean(j);
      variance[j] = s->scale(j) * s->scale(j);
    }
    means.push_back(std::move(mean));
    variances.push_back(std::move(variance));
    counts.push_back({static_cast<double>(s->count())});
  }
  TMK_ASSIGN_OR_RETURN(Aggregate mean, aggregate(rule, means, byzantine));
  TMK_ASSIGN_OR_RETURN(Aggregate variance, aggregate(rule, variances, byzantine));
  FeatureStatistics out;
  // Counts near 2^64 become 2^64 as doubles, one past uint64_t: clamp before converting back.
  const double count = std::clamp(coordinate_median(counts)[0], 0.0, 9.2e18);
  out.assign(static_cast<uint64_t>(count), mean.value, variance.value);
  return out;
}

void save_moments(ByteWriter& out, const ShiftedMoments& moments) {
  out.f64(moments.shift);
  out.f64(moments.present);
  out.f64(moments.sum);
  out.f64(moments.sum_squares);
}

Result<ShiftedMoments> load_moments(ByteReader& in) {
  ShiftedMoments moments;
  TMK_ASSIGN_OR_RETURN(moments.shift, in.f64());
  TMK_ASSIGN_OR_RETURN(moments.present, in.f64());
  TMK_ASSIGN_OR_RETURN(moments.sum, in.f64());
  TMK_ASSIGN_OR_RETURN(moments.sum_squares, in.f64());
  // Beyond what values below kMaxMagnitude can sum to, learning on would overflow.
  if (!(std::fabs(moments.shift) < kMaxMagnitude) || !(std::fabs(moments.sum) <= kMaxAccumulated) ||
      !(moments.sum_squares >= 0 && moments.sum_squares <= kMaxAccumulated) ||
      !(moments.present >= 0 && moments.present <= kMaxAccumulated))
    return in.malformed("a feature statistic that is NaN, infinite or out of range");
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
    if (m.present > static_cast<double>(count_)) return in.malformed("a feature seen more often than there were examples");
  }
  return {};
}

void FeatureStatistics::standardize(std::span<const Feature> features, std::vector<double>& z) const {
  z.assign(dimension() + 1, 0.0);
  z[0] = 1.0;
  for (size_t j = 0; j < dimension(); ++j) {
    const double s = scale(j);
    if (s > 0) z[j + 1] = -mean(j) / s;
  }
  for (const Feature& f : features) {
    if (f.index >= dimension()) continue;
    const double s = scale(f.index);
    if (s > 0) z[f.index + 1] = (f.value - mean(f.index)) / s;
  }
}

}  // namespace tinymlkit
