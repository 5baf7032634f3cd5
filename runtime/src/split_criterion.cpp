#include "tinymlkit/split_criterion.hpp"
#include "tinymlkit/portable_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

namespace tinymlkit {
namespace {

double total(std::span<const double> distribution) {
  return std::accumulate(distribution.begin(), distribution.end(), 0.0);
}

}  // namespace

double entropy_bits(std::span<const double> distribution) {
  const double sum = total(distribution);
  if (!(sum > 0)) return 0.0;
  double entropy = 0;
  for (double w : distribution)
    if (w > 0) entropy -= (w / sum) * math::log2(w / sum);
  return entropy;
}

double gini_impurity(std::span<const double> distribution) {
  const double sum = total(distribution);
  if (!(sum > 0)) return 0.0;
  double purity = 0;
  for (double w : distribution) purity += (w / sum) * (w / sum);
  return 1.0 - purity;
}

double split_merit(SplitCriterion criterion, double entropy_before,
                   const BranchDistributions& after) {
  double all = 0;
  for (size_t b = 0; b < after.branches(); ++b) all += total(after.branch(b));
  if (!(all > 0)) return -std::numeric_limits<double>::infinity();
  double weighted_impurity = 0;
  size_t substantial_branches = 0;
  for (size_t b = 0; b < after.branches(); ++b) {
    const double weight = total(after.branch(b));
    if (weight / all > kMinBranchFraction) ++substantial_branches;
    const double impurity =
        criterion == SplitCriterion::kInfoGain ? entropy_bits(after.branch(b)) : gini_impurity(after.branch(b));
    weighted_impurity += weight / all * impurity;
  }
  if (criterion == SplitCriterion::kGini) return 1.0 - weighted_impurity;
  if (substantial_branches < 2) return -std::numeric_limits<double>::infinity();  // "do not split" too
  return entropy_before - weighted_impurity;
}

double merit_range(SplitCriterion criterion, size_t classes) {
  return criterion == SplitCriterion::kInfoGain ? math::log2(static_cast<double>(std::max<size_t>(classes, 2)))
                                                : 1.0;
}

double chance_information_gain(size_t branches, size_t classes, double examples) {
  if (branches < 2 || classes < 2 || !(examples > 0)) return 0.0;
  const double freedom = static_cast<double>((branches - 1) * (classes - 1));
  return freedom / (2.0 * examples * std::numbers::ln2);
}

double hoeffding_bound(double range, double delta, double n) {
  return std::sqrt(range * range * math::log(1.0 / delta) / (2.0 * n));
}

void TargetMoments::add(const TargetMoments& other) {
  weight += other.weight;
  sum += other.sum;
  sum_squares += other.sum_squares;
}

void TargetMoments::shift(double offset) {
  sum_squares += 2 * offset * sum + weight * offset * offset;
  sum += weight * offset;
}

double TargetMoments::variance() const {
  if (!(weight > 0)) return 0.0;
  const double mean = sum / weight;
  return std::max(0.0, sum_squares / weight - mean * mean);
}

double variance_reduction(const TargetMoments& before, std::span<const TargetMoments> after,
                          double min_branch_weight) {
  double weighted = 0;
  for (const TargetMoments& branch : after) {
    if (branch.weight < min_branch_weight) return -std::numeric_limits<double>::infinity();
    weighted += branch.weight / before.weight * branch.variance();
  }
  return before.variance() - weighted;
}

}  // namespace tinymlkit
