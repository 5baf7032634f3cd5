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

std::pair<double, double> ShiftedMoments::mean_and_variance(double total) const {
  if (!(total > 0)) return {0.0, 0.0};
  const auto [mean_shifted, variance] = shifted_mean_and_variance(total);
  return {shift + mean_shifted, variance};
}

const ShiftedMoments& FeatureStatistics::mapped_moments(size_t j) const {
  static const ShiftedMoments kUnmet;
  const uint32_t place = mapped_place(j);
  return place == IndexMap::kAbsent ? kUnmet : mapped_[place].moments;
}

ShiftedMoments& FeatureStatistics::mapped(uint32_t j) {
  const uint32_t place = slots_.insert(j);
  if (place < mapped_.size()) return mapped_[place].moments;
  mapped_.push_back({j, {}});
  densify();
  return j < dense_.size() ? dense_[j] : mapped_[slots_.find(j)].moments;
}

// Doubles the dense slots while the features mapped past them number an eighth of them: the
// slots then cost at most 16 times what the features met take, a stream whose features fill its
// index range (bench/sparse_benchmark.py's 10^5) ends up dense, and naive Bayes's walk over
// every feature met looks each up directly (through the map it took 1.4 times as long), while
// one stray high index stays mapped.
void FeatureStatistics::densify() {
  while (dense_.size() < dimension_ && 8 * mapped_.size() >= dense_.size()) {
    dense_.resize(std::min(dimension_, 2 * dense_.size()));
    std::vector<Mapped> past;
    for (const Mapped& m : mapped_) {
      if (m.index < dense_.size()) {
        dense_[m.index] = m.moments;
      } else {
        past.push_back(m);
      }
    }
    mapped_ = std::move(past);
    slots_ = IndexMap();
    for (const Mapped& m : mapped_) slots_.insert(m.index);
  }
}

void FeatureStatistics::resize(size_t dimension) {
  dimension_ = std::max(dimension_, dimension);
  if (dense_.size() < std::min(dimension_, kDenseIndexes))
    dense_.resize(std::min(dimension_, kDenseIndexes));
}

void FeatureStatistics::assign(uint64_t count, std::span<const double> means, std::span<const double> variances) {
  count_ = count;
  const double n = static_cast<double>(count);
  dimension_ = 0;
  dense_.clear();
  slots_ = IndexMap();
  mapped_.clear();
  resize(means.size());
  for (size_t j = 0; j < means.size(); ++j) {
    const ShiftedMoments moments{means[j], n, 0.0, std::max(0.0, variances[j]) * n};
    if (j < dense_.size()) {
      dense_[j] = moments;
    } else if (means[j] != 0 || variances[j] > 0) {
      mapped(static_cast<uint32_t>(j)) = moments;
    }
  }
}

void FeatureStatistics::add(std::span<const Feature> features) {
  ++count_;
  if (!features.empty()) resize(size_t{features.back().index} + 1);
  for (const Feature& f : features) {
    if (f.index < dense_.size()) {
      dense_[f.index].add(f.value);
    } else {
      mapped(f.index).add(f.value);
    }
  }
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
  const auto met = [](const ShiftedMoments& m) {
    return m.present != 0 || m.shift != 0 || m.sum != 0 || m.sum_squares != 0;
  };
  std::vector<uint32_t> mapped(mapped_.size());
  std::transform(mapped_.begin(), mapped_.end(), mapped.begin(),
                 [](const Mapped& m) { return m.index; });
  std::sort(mapped.begin(), mapped.end());
  out.u64(count_);
  out.u64(dimension_);
  out.u64(dense_.size());
  out.u64(static_cast<uint64_t>(std::count_if(dense_.begin(), dense_.end(), met)) + mapped.size());
  for (uint32_t j = 0; j < dense_.size(); ++j) {
    if (!met(dense_[j])) continue;
    out.u32(j);
    save_moments(out, dense_[j]);
  }
  for (uint32_t j : mapped) {
    out.u32(j);
    save_moments(out, moments(j));
  }
}

Status FeatureStatistics::load(ByteReader& in, size_t max_dimension) {
  dimension_ = 0;
  dense_.clear();
  slots_ = IndexMap();
  mapped_.clear();
  TMK_ASSIGN_OR_RETURN(count_, in.u64());
  TMK_ASSIGN_OR_RETURN(const uint64_t dimension, in.u64());
  if (dimension > max_dimension) return in.malformed("more features than --max-features");
  resize(static_cast<size_t>(dimension));
  TMK_ASSIGN_OR_RETURN(const uint64_t dense, in.u64());
  TMK_ASSIGN_OR_RETURN(const size_t met, in.count(36));
  // As densify() leaves them: at least the first kDenseIndexes, at most 16 slots a feature met.
  if (dense > dimension || dense < dense_.size() ||
      (dense > FeatureStatistics::kDenseIndexes && dense / 16 > met))
    return in.malformed("dense feature statistics that learning could not have made");
  dense_.resize(static_cast<size_t>(dense));
  int64_t previous = -1;
  for (size_t k = 0; k < met; ++k) {
    TMK_ASSIGN_OR_RETURN(const uint32_t j, in.sorted_index(previous, static_cast<size_t>(dimension),
                                                           "feature statistics"));
    previous = j;
    TMK_ASSIGN_OR_RETURN(const ShiftedMoments m, load_moments(in));
    if (m.present > static_cast<double>(count_)) return in.malformed("a feature seen more often than there were examples");
    if (j < dense_.size()) {
      dense_[j] = m;
    } else {  // the layout saved: no densify()
      slots_.insert(j);
      mapped_.push_back({j, m});
    }
  }
  return {};
}

void StandardizedExample::reset(const FeatureStatistics& statistics,
                                std::span<const Feature> features) {
  statistics_ = &statistics;
  features_ = features;
  ++stamp_;
}

double StandardizedExample::uncached(uint32_t j, const double* present) const {
  if (j >= FeatureStatistics::kDenseIndexes) return compute(j, present);
  if (j >= values_.size()) {
    const size_t size = std::min(std::max<size_t>(j + 1, statistics_->dimension()),
                                 FeatureStatistics::kDenseIndexes);
    values_.resize(size, 0.0);
    stamps_.resize(size, 0);
  }
  if (stamps_[j] != stamp_) {
    values_[j] = compute(j, present);
    stamps_[j] = stamp_;
  }
  return values_[j];
}

double StandardizedExample::compute(uint32_t j, const double* present) const {
  if (j >= statistics_->dimension()) return 0.0;
  const auto [mean, s] = statistics_->mean_and_scale(j);
  if (!(s > 0)) return 0.0;
  return present != nullptr ? (*present - mean) / s : -mean / s;
}

}  // namespace tinymlkit
