#include "tinymlkit/regression_leaf.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/leaf_state.hpp"

namespace tinymlkit {
namespace {

// A leaf model's weights are in the label's units, and labels reach 1e100 (twice that, shifted):
// learning saturates them here, and the loader accepts what learning can produce.
constexpr double kMaxLeafWeight = 1e200;

}  // namespace

RegressionLeaf::RegressionLeaf(const TargetMoments& initial, std::span<const double> model)
    : weight_at_last_attempt(initial.weight), total_(initial), model_(model.begin(), model.end()) {}

double RegressionLeaf::linear(std::span<const double> z) const {
  double sum = 0;
  for (size_t j = 0; j < model_.size() && j < z.size(); ++j) sum += model_[j] * z[j];
  return sum;
}

void RegressionLeaf::learn(std::span<const Feature> features, double y, std::span<const double> z, double weight,
                           double learning_rate, size_t bins) {
  const double error = y - linear(z);
  // Only ever compared with each other: saturate rather than overflow.
  mean_error_ = std::min(mean_error_ + weight * std::fabs(y - mean()), kMaxAccumulated);
  linear_error_ = std::min(linear_error_ + weight * std::fabs(error), kMaxAccumulated);
  total_.add(y, weight);
  learned_.add(y, weight);
  // Normalized least mean squares: a step that is scale-free and stable for rates in (0, 2).
  if (model_.size() < z.size()) model_.resize(z.size(), 0.0);
  double norm = 0;
  for (double v : z) norm += v * v;
  const double step = learning_rate * std::min(weight, 1.0) * error / (1.0 + norm);
  if (std::isfinite(step)) {
    for (size_t j = 0; j < z.size(); ++j) {
      const double updated = model_[j] + step * z[j];
      if (!std::isnan(updated)) model_[j] = std::clamp(updated, -kMaxLeafWeight, kMaxLeafWeight);
    }
  }
  if (!active) return;
  if (!features.empty() && histograms_.size() <= features.back().index) {
    histogram_bytes_ += TargetHistogram().bytes() * (features.back().index + 1 - histograms_.size());
    histograms_.resize(features.back().index + 1);
  }
  for (const Feature& f : features) {
    TargetHistogram& histogram = histograms_[f.index];
    const size_t before = histogram.bytes();
    histogram.add(f.value, y, weight, bins);
    histogram_bytes_ += histogram.bytes() - before;
  }
}

std::vector<uint32_t> RegressionLeaf::split_candidates() const {
  std::vector<uint32_t> features;
  for (uint32_t j = 0; j < histograms_.size(); ++j)
    if (histograms_[j].met()) features.push_back(j);
  return features;
}

std::vector<RegressionSplit> RegressionLeaf::split_suggestions(double min_branch_weight,
                                                               std::span<const uint32_t> features) const {
  std::vector<RegressionSplit> suggestions;
  for (uint32_t j : features) {
    const TargetHistogram::Split split = histograms_[j].best_split(learned_, min_branch_weight);
    if (std::isfinite(split.merit)) suggestions.push_back({split.merit, SplitTest{j, false, split.threshold, {}}, split.left, split.right});
  }
  return suggestions;
}

void RegressionLeaf::shift_targets(double offset) {
  total_.shift(offset);
  learned_.shift(offset);
  for (TargetHistogram& histogram : histograms_) histogram.shift_targets(offset);
  if (!model_.empty()) model_[0] = std::clamp(model_[0] + offset, -kMaxLeafWeight, kMaxLeafWeight);  // the bias
}

void RegressionLeaf::deactivate() {
  active = false;
  std::vector<TargetHistogram>().swap(histograms_);
  histogram_bytes_ = 0;
}

// Its histograms start empty, and so does what they saw; its next split attempt is a grace
// period after now.
void RegressionLeaf::reactivate() {
  active = true;
  over_budget = false;
  learned_ = TargetMoments();
  weight_at_last_attempt = total_weight();
}

size_t RegressionLeaf::bytes() const { return 128 + 8 * model_.size() + histogram_bytes_; }  // fixed widths: see TreeStructure

void RegressionLeaf::save(ByteWriter& out) const {
  out.f64(total_.weight);
  out.f64(total_.sum);
  out.f64(total_.sum_squares);
  out.f64(learned_.weight);
  out.f64(learned_.sum);
  out.f64(learned_.sum_squares);
  out.f64s(model_);
  out.f64(mean_error_);
  out.f64(linear_error_);
  out.f64(weight_at_last_attempt);
  out.u8(leaf_state_byte(active, over_budget));
  out.u64(histograms_.size());
  for (const TargetHistogram& h : histograms_) h.save(out);
}

Status RegressionLeaf::load(ByteReader& in, size_t dimension, size_t bins) {
  TMK_ASSIGN_OR_RETURN(total_.weight, in.f64());
  TMK_ASSIGN_OR_RETURN(total_.sum, in.f64());
  TMK_ASSIGN_OR_RETURN(total_.sum_squares, in.f64());
  TMK_ASSIGN_OR_RETURN(learned_.weight, in.f64());
  TMK_ASSIGN_OR_RETURN(learned_.sum, in.f64());
  TMK_ASSIGN_OR_RETURN(learned_.sum_squares, in.f64());
  TMK_ASSIGN_OR_RETURN(model_, in.f64s());
  TMK_ASSIGN_OR_RETURN(mean_error_, in.f64());
  TMK_ASSIGN_OR_RETURN(linear_error_, in.f64());
  TMK_ASSIGN_OR_RETURN(weight_at_last_attempt, in.f64());
  TMK_ASSIGN_OR_RETURN(uint8_t state, in.u8());
  if (!read_leaf_state(state, active, over_budget)) return in.malformed("a leaf state that does not exist");
  const double values[] = {total_.weight,   total_.sum,  total_.sum_squares,     learned_.weight,
                           learned_.sum,    learned_.sum_squares, mean_error_, linear_error_,
                           weight_at_last_attempt};
  for (double v : values)
    if (!(std::fabs(v) <= kMaxAccumulated)) return in.malformed("a NaN, infinity or runaway sum in a regression leaf");
  if (total_.weight < 0 || total_.sum_squares < 0 || learned_.weight < 0 || learned_.sum_squares < 0 ||
      learned_.weight > total_.weight)
    return in.malformed("negative weights in a regression leaf, or more learned than in all");
  for (double w : model_)
    if (!(std::fabs(w) <= kMaxLeafWeight)) return in.malformed("a NaN, infinity or runaway weight in a leaf model");
  if (model_.size() > dimension + 1) return in.malformed("a leaf model larger than the feature dimension");
  TMK_ASSIGN_OR_RETURN(size_t histograms, in.count(56));
  if (histograms > dimension) return in.malformed("more histograms than features");
  histograms_.resize(histograms);
  histogram_bytes_ = 0;
  for (TargetHistogram& h : histograms_) {
    TMK_TRY(h.load(in, bins));
    histogram_bytes_ += h.bytes();
  }
  return {};
}

}  // namespace tinymlkit
