#include "tinymlkit/target_histogram.hpp"

#include "tinymlkit/example.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tinymlkit {
namespace {

TargetMoments minus(const TargetMoments& a, const TargetMoments& b) {
  return {std::max(0.0, a.weight - b.weight), a.sum - b.sum, std::max(0.0, a.sum_squares - b.sum_squares)};
}

constexpr double kWidestBin = 1e300;  // past this the range cannot double any more

}  // namespace

void TargetHistogram::add(double x, double y, double weight, size_t bins) {
  if (bins_.empty()) {
    bins_.resize(bins);
    first_ = x;
  }
  present_.add(y, weight);
  if (width_ == 0 && x != first_) {
    // A second distinct value: spread the bins so both sit in the middle half.
    const double low = std::min(first_, x), high = std::max(first_, x);
    const double n = static_cast<double>(bins_.size());
    width_ = std::min((high - low) / (n / 2), kWidestBin);
    origin_ = low - width_ * (n / 4);
    const TargetMoments at_first = bins_[0];
    bins_[0] = {};
    bins_[bin_of(first_)] = at_first;
  }
  if (width_ == 0) {
    bins_[0].add(y, weight);
    return;
  }
  cover(x);
  bins_[bin_of(x)].add(y, weight);
}

size_t TargetHistogram::bin_of(double x) const {
  const double last = static_cast<double>(bins_.size() - 1);
  return static_cast<size_t>(std::clamp(std::floor((x - origin_) / width_), 0.0, last));
}

void TargetHistogram::cover(double x) {
  const size_t n = bins_.size();
  while (width_ < kWidestBin && (x < origin_ || x >= boundary(n))) {
    std::vector<TargetMoments> merged(n);
    const bool extend_left = x < origin_;
    for (size_t j = 0; j < n; ++j) merged[(extend_left ? j + n : j) / 2].add(bins_[j]);
    if (extend_left) origin_ -= static_cast<double>(n) * width_;
    width_ *= 2;
    bins_.swap(merged);
  }
}

TargetHistogram::Split TargetHistogram::best_split(const TargetMoments& leaf_total, double min_branch_weight) const {
  Split best{-std::numeric_limits<double>::infinity(), 0, {}, {}};
  const TargetMoments zeros = minus(leaf_total, present_);
  const auto consider = [&](double threshold, const TargetMoments& left_present) {
    TargetMoments left = left_present;
    if (0.0 <= threshold) left.add(zeros);
    const TargetMoments right = minus(leaf_total, left);
    const TargetMoments branches[] = {left, right};
    const double merit = variance_reduction(leaf_total, branches, min_branch_weight);
    if (merit > best.merit) best = {merit, threshold, left, right};
  };
  if (width_ == 0) {  // one distinct value present: the only split is between it and zero
    if (zeros.weight > 0 && first_ != 0) consider(first_ / 2, first_ < 0 ? present_ : TargetMoments{});
    return best;
  }
  TargetMoments below;
  for (size_t k = 1; k < bins_.size(); ++k) {
    below.add(bins_[k - 1]);
    consider(boundary(k), below);
  }
  return best;
}

void TargetHistogram::shift_targets(double offset) {
  for (TargetMoments& bin : bins_) bin.shift(offset);
  present_.shift(offset);
}

void TargetHistogram::save(ByteWriter& out) const {
  out.f64(first_);
  out.f64(origin_);
  out.f64(width_);
  out.u64(bins_.size());
  for (const TargetMoments& m : bins_) {
    out.f64(m.weight);
    out.f64(m.sum);
    out.f64(m.sum_squares);
  }
  out.f64(present_.weight);
  out.f64(present_.sum);
  out.f64(present_.sum_squares);
}

Status TargetHistogram::load(ByteReader& in, size_t bins) {
  TMK_ASSIGN_OR_RETURN(first_, in.f64());
  TMK_ASSIGN_OR_RETURN(origin_, in.f64());
  TMK_ASSIGN_OR_RETURN(width_, in.f64());
  TMK_ASSIGN_OR_RETURN(size_t count, in.count(24));
  if (count != 0 && count != bins) return in.malformed("a histogram with the wrong number of bins");
  if (!(std::fabs(first_) < kMaxMagnitude) || !(std::fabs(origin_) <= kMaxAccumulated) || !(width_ >= 0) ||
      !(width_ <= kMaxAccumulated))
    return in.malformed("a histogram with a bad range");
  bins_.resize(count);
  const auto read = [&in](TargetMoments& m) -> Status {
    TMK_ASSIGN_OR_RETURN(m.weight, in.f64());
    TMK_ASSIGN_OR_RETURN(m.sum, in.f64());
    TMK_ASSIGN_OR_RETURN(m.sum_squares, in.f64());
    if (!(m.weight >= 0 && m.weight <= kMaxAccumulated) || !(std::fabs(m.sum) <= kMaxAccumulated) ||
        !(m.sum_squares >= 0 && m.sum_squares <= kMaxAccumulated))
      return in.malformed("a histogram bin with bad moments");
    return {};
  };
  for (TargetMoments& m : bins_) TMK_TRY(read(m));
  return read(present_);
}

}  // namespace tinymlkit
