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

double LeafModel::predict(const StandardizedExample& z) const {
  double sum = 0;
  for_each_input(z, [&](size_t k, double v) { sum += weights[k] * v; });
  return sum;
}

void LeafModel::include(std::span<const Feature> present) {
  size_t k = 0, added = 0;
  // Both sorted: count the new ones first, most examples have none.
  for (const Feature& f : present) {
    while (k < features.size() && features[k] < f.index) ++k;
    if (k == features.size() || features[k] != f.index) ++added;
  }
  if (added == 0) return;
  std::vector<uint32_t> merged_features;
  std::vector<double> merged_weights(1, weights[0]);
  merged_features.reserve(features.size() + added);
  merged_weights.reserve(features.size() + added + 1);
  k = 0;
  for (const Feature& f : present) {
    for (; k < features.size() && features[k] < f.index; ++k) {
      merged_features.push_back(features[k]);
      merged_weights.push_back(weights[k + 1]);
    }
    if (k < features.size() && features[k] == f.index) continue;
    merged_features.push_back(f.index);
    merged_weights.push_back(0.0);
  }
  for (; k < features.size(); ++k) {
    merged_features.push_back(features[k]);
    merged_weights.push_back(weights[k + 1]);
  }
  features = std::move(merged_features);
  weights = std::move(merged_weights);
}

RegressionLeaf::RegressionLeaf(const TargetMoments& initial, LeafModel model)
    : weight_at_last_attempt(initial.weight), total_(initial), model_(std::move(model)) {}

const TargetHistogram* RegressionLeaf::histogram(uint32_t feature) const {
  const auto at = std::lower_bound(histogram_features_.begin(), histogram_features_.end(), feature);
  return at != histogram_features_.end() && *at == feature
             ? &histograms_[static_cast<size_t>(at - histogram_features_.begin())]
             : nullptr;
}

void RegressionLeaf::learn(const StandardizedExample& z, double y, double weight,
                           double learning_rate, size_t bins) {
  const double error = y - linear(z);
  // Only ever compared with each other: saturate rather than overflow.
  mean_error_ = std::min(mean_error_ + weight * std::fabs(y - mean()), kMaxAccumulated);
  linear_error_ = std::min(linear_error_ + weight * std::fabs(error), kMaxAccumulated);
  total_.add(y, weight);
  learned_.add(y, weight);
  // Normalized least mean squares: a step that is scale-free and stable for rates in (0, 2).
  const std::span<const Feature> features = z.features();
  model_.include(features);
  double norm = 0;
  model_.for_each_input(z, [&](size_t, double v) { norm += v * v; });
  const double step = learning_rate * std::min(weight, 1.0) * error / (1.0 + norm);
  if (std::isfinite(step)) {
    model_.for_each_input(z, [&](size_t k, double v) {
      const double updated = model_.weights[k] + step * v;
      if (!std::isnan(updated))
        model_.weights[k] = std::clamp(updated, -kMaxLeafWeight, kMaxLeafWeight);
    });
  }
  if (!active) return;
  // Features are sorted: each is found (or inserted) after the previous one, and on a dense
  // stream right after it, where it is looked at before any search.
  size_t at = 0;
  for (const Feature& f : features) {
    if (at >= histogram_features_.size() || histogram_features_[at] != f.index)
      at = static_cast<size_t>(
          std::lower_bound(histogram_features_.begin() + static_cast<std::ptrdiff_t>(at),
                           histogram_features_.end(), f.index) -
          histogram_features_.begin());
    if (at == histogram_features_.size() || histogram_features_[at] != f.index) {
      histogram_features_.insert(histogram_features_.begin() + static_cast<std::ptrdiff_t>(at),
                                 f.index);
      histograms_.insert(histograms_.begin() + static_cast<std::ptrdiff_t>(at), TargetHistogram());
      histogram_bytes_ += TargetHistogram().bytes();
    }
    TargetHistogram& histogram = histograms_[at];
    const size_t before = histogram.bytes();
    histogram.add(f.value, y, weight, bins);
    histogram_bytes_ += histogram.bytes() - before;
    ++at;
  }
}

std::vector<uint32_t> RegressionLeaf::split_candidates() const {
  std::vector<uint32_t> features;
  for (size_t k = 0; k < histograms_.size(); ++k)
    if (histograms_[k].met()) features.push_back(histogram_features_[k]);
  return features;
}

std::vector<RegressionSplit> RegressionLeaf::split_suggestions(double min_branch_weight,
                                                               std::span<const uint32_t> features) const {
  std::vector<RegressionSplit> suggestions;
  for (uint32_t j : features) {
    const TargetHistogram* of = histogram(j);
    if (of == nullptr) continue;
    const TargetHistogram::Split split = of->best_split(learned_, min_branch_weight);
    if (std::isfinite(split.merit)) suggestions.push_back({split.merit, SplitTest{j, false, split.threshold, {}}, split.left, split.right});
  }
  return suggestions;
}

void RegressionLeaf::shift_targets(double offset) {
  total_.shift(offset);
  learned_.shift(offset);
  for (TargetHistogram& histogram : histograms_) histogram.shift_targets(offset);
  model_.weights[0] =
      std::clamp(model_.weights[0] + offset, -kMaxLeafWeight, kMaxLeafWeight);  // the bias
}

void RegressionLeaf::deactivate() {
  active = false;
  std::vector<TargetHistogram>().swap(histograms_);
  std::vector<uint32_t>().swap(histogram_features_);
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

size_t RegressionLeaf::bytes() const {  // fixed widths: see TreeStructure
  return 128 + 12 * model_.features.size() + 8 + 4 * histogram_features_.size() + histogram_bytes_;
}

void RegressionLeaf::save(ByteWriter& out) const {
  out.f64(total_.weight);
  out.f64(total_.sum);
  out.f64(total_.sum_squares);
  out.f64(learned_.weight);
  out.f64(learned_.sum);
  out.f64(learned_.sum_squares);
  out.u64(model_.features.size());
  for (uint32_t j : model_.features) out.u32(j);
  out.f64s(model_.weights);
  out.f64(mean_error_);
  out.f64(linear_error_);
  out.f64(weight_at_last_attempt);
  out.u8(leaf_state_byte(active, over_budget));
  out.u64(histograms_.size());
  for (size_t k = 0; k < histograms_.size(); ++k) {
    out.u32(histogram_features_[k]);
    histograms_[k].save(out);
  }
}

Status RegressionLeaf::load(ByteReader& in, size_t dimension, size_t bins) {
  TMK_ASSIGN_OR_RETURN(total_.weight, in.f64());
  TMK_ASSIGN_OR_RETURN(total_.sum, in.f64());
  TMK_ASSIGN_OR_RETURN(total_.sum_squares, in.f64());
  TMK_ASSIGN_OR_RETURN(learned_.weight, in.f64());
  TMK_ASSIGN_OR_RETURN(learned_.sum, in.f64());
  TMK_ASSIGN_OR_RETURN(learned_.sum_squares, in.f64());
  TMK_ASSIGN_OR_RETURN(const size_t listed, in.count(4));
  model_.features.clear();
  for (size_t k = 0; k < listed; ++k) {
    const int64_t previous = k > 0 ? int64_t{model_.features.back()} : -1;
    TMK_ASSIGN_OR_RETURN(const uint32_t j,
                         in.sorted_index(previous, dimension, "a leaf model's features"));
    model_.features.push_back(j);
  }
  TMK_ASSIGN_OR_RETURN(model_.weights, in.f64s());
  if (model_.weights.size() != model_.features.size() + 1)
    return in.malformed("a leaf model whose weights do not match its features");
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
  for (double w : model_.weights)
    if (!(std::fabs(w) <= kMaxLeafWeight)) return in.malformed("a NaN, infinity or runaway weight in a leaf model");
  TMK_ASSIGN_OR_RETURN(size_t histograms, in.count(60));
  histogram_features_.clear();
  histograms_.assign(histograms, TargetHistogram());
  histogram_bytes_ = 0;
  for (TargetHistogram& h : histograms_) {
    const int64_t previous = histogram_features_.empty() ? -1 : int64_t{histogram_features_.back()};
    TMK_ASSIGN_OR_RETURN(const uint32_t j, in.sorted_index(previous, dimension, "histograms"));
    histogram_features_.push_back(j);
    TMK_TRY(h.load(in, bins));
    histogram_bytes_ += h.bytes();
  }
  return {};
}

}  // namespace tinymlkit
