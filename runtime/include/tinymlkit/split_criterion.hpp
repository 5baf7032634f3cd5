// How good a split is, and when the Hoeffding bound says it is good enough. Class distributions
// are weights per class; a split's outcome is one distribution per branch.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace tinymlkit {

enum class SplitCriterion { kInfoGain, kGini };

// MOA's InfoGainSplitCriterion default: a branch counts when it holds more than this share of the
// weight, and information gain needs two that count.
inline constexpr double kMinBranchFraction = 0.01;

// Weights per class in each branch of a candidate split: branch b's class c at [b * classes + c].
struct BranchDistributions {
  size_t classes = 0;
  std::vector<double> weights;

  size_t branches() const { return classes == 0 ? 0 : weights.size() / classes; }
  std::span<const double> branch(size_t b) const { return {weights.data() + b * classes, classes}; }
};

double entropy_bits(std::span<const double> distribution);
double gini_impurity(std::span<const double> distribution);

// MOA's merits: information gain (`entropy_before`, entropy_bits of the class weights before the
// split, minus the weighted entropy after; -inf unless two branches hold more than 1% of the
// weight each, so "do not split", one branch, is -inf) or Gini (1 minus weighted impurity after;
// `entropy_before` unused). A leaf computes entropy_before once for all its candidate splits.
double split_merit(SplitCriterion criterion, double entropy_before,
                   const BranchDistributions& after);
// R in the bound: log2 of the number of classes (at least 2) for information gain, 1 for Gini.
double merit_range(SplitCriterion criterion, size_t classes);

// The information gain a split into `branches` makes on average, from `examples` examples of
// `classes` classes, when it tells nothing of the class: 2 n ln 2 times the gain is then the G
// statistic, chi-squared with (branches - 1)(classes - 1) degrees of freedom. A split into many
// branches gains that much from noise alone, a binary one little.
double chance_information_gain(size_t branches, size_t classes, double examples);

// After n observations, the true mean of a variable with range R is within this of the observed
// mean with probability 1 - delta: sqrt(R^2 ln(1/delta) / (2 n)).
double hoeffding_bound(double range, double delta, double n);

// Regression trees: the reduction of the target's variance, from per-branch (weight, sum, sum of
// squares) of the target; -inf when a branch holds less than `min_branch_weight`.
struct TargetMoments {
  double weight = 0;
  double sum = 0;
  double sum_squares = 0;

  // Inline: a regression tree adds each example to its leaf's moments and to a bin for each
  // feature, and in the .wasm modules a call cost more than the three additions.
  void add(double y, double w) {
    weight += w;
    sum += w * y;
    sum_squares += w * y * y;
  }
  void add(const TargetMoments& other);
  // The same moments of y + offset.
  void shift(double offset);
  double variance() const;
};
double variance_reduction(const TargetMoments& before, std::span<const TargetMoments> after,
                          double min_branch_weight);

}  // namespace tinymlkit
