#include "tinymlkit/gaussian_estimator.hpp"
#include "tinymlkit/portable_math.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tinymlkit {

void GaussianEstimator::add(double x, double weight) {
  moments_.add(x, weight);
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
}

double GaussianEstimator::variance(double total) const {
  return total > 1.0 ? moments_.variance(total) * (total / (total - 1.0)) : 0.0;
}

std::pair<double, double> GaussianEstimator::mean_and_variance(double total) const {
  const auto [mean, variance] = moments_.mean_and_variance(total);
  return {mean, total > 1.0 ? variance * (total / (total - 1.0)) : 0.0};
}

double GaussianEstimator::low(double total) const {
  return moments_.present < total ? std::min(min_, 0.0) : min_;
}

double GaussianEstimator::high(double total) const {
  return moments_.present < total ? std::max(max_, 0.0) : max_;
}

double GaussianEstimator::weight_at_or_below(double threshold, double total) const {
  if (!(total > 0) || threshold < low(total)) return 0.0;
  if (threshold >= high(total)) return total;
  const double sd = std::sqrt(variance(total));
  const double mean = moments_.mean(total);
  if (!(sd > 0)) return threshold >= mean ? total : 0.0;
  return total * 0.5 * math::erfc(-(threshold - mean) / (sd * std::numbers::sqrt2));
}

void GaussianEstimator::save(ByteWriter& out) const {
  save_moments(out, moments_);
  out.f64(min_);
  out.f64(max_);
}

Status GaussianEstimator::load(ByteReader& in) {
  TMK_ASSIGN_OR_RETURN(moments_, load_moments(in));
  TMK_ASSIGN_OR_RETURN(min_, in.f64());
  TMK_ASSIGN_OR_RETURN(max_, in.f64());
  if (std::isnan(min_) || std::isnan(max_)) return in.malformed("a NaN in a Gaussian estimator");
  return {};
}

}  // namespace tinymlkit
