#include "tinymlkit/class_leaf.hpp"
#include "tinymlkit/portable_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

namespace tinymlkit {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

bool nominal_feature(const LeafContext& context, uint32_t feature) {
  return feature < context.is_nominal.size() && context.is_nominal[feature] != 0;
}

Status check_weights(ByteReader& in, std::span<const double> weights) {
  for (double w : weights)
    if (!(w >= 0) || !std::isfinite(w)) return in.malformed("a negative, NaN or infinite class weight");
  return {};
}

}  // namespace

void NominalCounts::add(double category, uint32_t class_index, double weight) {
  auto found = std::find(categories.begin(), categories.end(), category);
  if (found == categories.end()) {
    categories.push_back(category);
    weights.emplace_back();
    found = categories.end() - 1;
  }
  std::vector<double>& per_class = weights[static_cast<size_t>(found - categories.begin())];
  if (per_class.size() <= class_index) per_class.resize(class_index + 1, 0.0);
  per_class[class_index] += weight;
}

double NominalCounts::weight(double category, uint32_t class_index, double seen) const {
  const auto of = [&](size_t k) { return class_index < weights[k].size() ? weights[k][class_index] : 0.0; };
  if (category != 0.0) {
    const auto found = std::find(categories.begin(), categories.end(), category);
    return found == categories.end() ? 0.0 : of(static_cast<size_t>(found - categories.begin()));
  }
  double present = 0;
  for (size_t k = 0; k < categories.size(); ++k) present += of(k);
  return std::max(0.0, seen - present);
}

ClassLeaf::ClassLeaf(std::span<const double> initial_class_weights)
    : class_weights(initial_class_weights.begin(), initial_class_weights.end()),
      seen(initial_class_weights.size(), 0.0),
      weight_at_last_attempt(std::accumulate(initial_class_weights.begin(), initial_class_weights.end(), 0.0)) {}

void ClassLeaf::grow(size_t classes, size_t nominal_features) {
  if (class_weights.size() < classes) {
    class_weights.resize(classes, 0.0);
    seen.resize(classes, 0.0);
  }
  if (!active) return;
  if (gaussians_.size() < classes) gaussians_.resize(classes);
  if (nominal_.size() < nominal_features) nominal_.resize(nominal_features);
}

void ClassLeaf::learn(std::span<const Feature> features, uint32_t class_index, double weight,
                      const LeafContext& context) {
  grow(context.classes, context.nominal.size());
  class_weights[class_index] += weight;
  seen[class_index] += weight;
  if (!active) return;
  std::vector<GaussianEstimator>& gaussians = gaussians_[class_index];
  if (!features.empty() && gaussians.size() <= features.back().index) gaussians.resize(features.back().index + 1);
  for (const Feature& f : features) {
    if (nominal_feature(context, f.index)) {
      const auto slot = std::lower_bound(context.nominal.begin(), context.nominal.end(), f.index);
      nominal_[static_cast<size_t>(slot - context.nominal.begin())].add(f.value, class_index, weight);
    } else {
      gaussians[f.index].add(f.value, weight);
    }
  }
}

void ClassLeaf::naive_bayes(std::span<const Feature> features, const LeafContext& context,
                            std::vector<double>& votes) const {
  votes.assign(context.classes, kMinusInfinity);
  const double total = total_weight();
  if (!(total > 0)) return;
  for (uint32_t c = 0; c < class_weights.size(); ++c) {
    if (!(class_weights[c] > 0)) continue;
    double vote = math::log(class_weights[c] / total);
    if (active && seen[c] > 0 && c < gaussians_.size()) {
      const std::vector<GaussianEstimator>& gaussians = gaussians_[c];
      // sum of log N(x_j) = -(1/2) log prod(2 pi v_j) - sum (x_j - m_j)^2 / (2 v_j): one logarithm
      // a class, the product kept as mantissa and exponent (frexp is exact) so it cannot overflow.
      double mantissa = 1.0, squares = 0.0;
      int exponent = 0;
      size_t next = 0;  // features are sorted: walk them alongside the estimators
      for (uint32_t j = 0; j < gaussians.size(); ++j) {
        while (next < features.size() && features[next].index < j) ++next;
        if (nominal_feature(context, j)) continue;
        const double x = next < features.size() && features[next].index == j ? features[next].value : 0.0;
        const double smoothing = j < context.smoothing.size() ? context.smoothing[j] : 1e-9;
        const double variance = gaussians[j].variance(seen[c]) + smoothing;
        const double d = x - gaussians[j].mean(seen[c]);
        squares += d * d / variance;
        int e = 0;
        mantissa *= std::frexp(2.0 * std::numbers::pi * variance, &e);
        exponent += e;
        if (mantissa < 0x1p-512) {
          mantissa = std::frexp(mantissa, &e);
          exponent += e;
        }
      }
      vote -= 0.5 * (math::log(mantissa) + exponent * std::numbers::ln2 + squares);
      for (size_t slot = 0; slot < nominal_.size(); ++slot) {
        const NominalCounts& counts = nominal_[slot];
        const double category = feature_value(features, context.nominal[slot]);
        const double values = static_cast<double>(counts.categories.size() + 1);  // and category 0
        vote += math::log((counts.weight(category, c, seen[c]) + 1.0) / (seen[c] + values));  // Laplace
      }
    }
    votes[c] = vote;
  }
}

uint32_t ClassLeaf::majority_class() const {
  return static_cast<uint32_t>(std::max_element(class_weights.begin(), class_weights.end()) - class_weights.begin());
}

double ClassLeaf::total_weight() const { return std::accumulate(class_weights.begin(), class_weights.end(), 0.0); }

double ClassLeaf::promise() const {
  if (class_weights.empty()) return 0.0;
  return total_weight() - *std::max_element(class_weights.begin(), class_weights.end());
}

void ClassLeaf::remap_classes(std::span<const uint32_t> to, size_t classes) {
  const auto remapped = [&](const std::vector<double>& weights) {
    std::vector<double> out(classes, 0.0);
    for (size_t c = 0; c < weights.size(); ++c) out[to[c]] = weights[c];
    return out;
  };
  class_weights = remapped(class_weights);
  seen = remapped(seen);
  std::vector<std::vector<GaussianEstimator>> gaussians(gaussians_.empty() ? 0 : classes);
  for (size_t c = 0; c < gaussians_.size(); ++c) gaussians[to[c]] = std::move(gaussians_[c]);
  gaussians_ = std::move(gaussians);
  for (NominalCounts& counts : nominal_)
    for (std::vector<double>& per_class : counts.weights) per_class = remapped(per_class);
}

void ClassLeaf::deactivate() {
  active = false;
  std::vector<std::vector<GaussianEstimator>>().swap(gaussians_);
  std::vector<NominalCounts>().swap(nominal_);
}

// Fixed widths, as TreeStructure::bytes: a Gaussian is six doubles.
size_t ClassLeaf::bytes() const {
  size_t total = 128 + 16 * class_weights.size();
  for (const auto& per_class : gaussians_) total += 24 + 48 * per_class.size();
  for (const NominalCounts& counts : nominal_) {
    total += 48 + 8 * counts.categories.size();
    for (const auto& per_class : counts.weights) total += 24 + 8 * per_class.size();
  }
  return total;
}

std::vector<SplitSuggestion> ClassLeaf::split_suggestions(SplitCriterion criterion, const LeafContext& context,
                                                          size_t split_points) const {
  std::vector<SplitSuggestion> suggestions;
  BranchDistributions unsplit{class_weights.size(), class_weights};
  suggestions.push_back({split_merit(criterion, class_weights, unsplit), SplitTest{}, {}});
  size_t features = 0;
  for (const auto& per_class : gaussians_) features = std::max(features, per_class.size());
  for (uint32_t j = 0; j < features; ++j) {
    if (nominal_feature(context, j)) continue;
    SplitSuggestion suggestion = numeric_split(j, criterion, split_points);
    if (suggestion.merit > kMinusInfinity) suggestions.push_back(std::move(suggestion));
  }
  for (size_t slot = 0; slot < nominal_.size(); ++slot) {
    SplitSuggestion suggestion = nominal_split(slot, context.nominal[slot], criterion);
    if (suggestion.merit > kMinusInfinity) suggestions.push_back(std::move(suggestion));
  }
  return suggestions;
}

// MOA's Gaussian observer: split points evenly spaced strictly inside [low, high], each class's
// weight sent left as its Gaussian's share at or below the point.
SplitSuggestion ClassLeaf::numeric_split(uint32_t feature, SplitCriterion criterion, size_t split_points) const {
  const size_t classes = class_weights.size();
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (size_t c = 0; c < classes; ++c) {
    if (!(seen[c] > 0)) continue;
    const bool observed = c < gaussians_.size() && feature < gaussians_[c].size();
    low = std::min(low, observed ? gaussians_[c][feature].low(seen[c]) : 0.0);
    high = std::max(high, observed ? gaussians_[c][feature].high(seen[c]) : 0.0);
  }
  SplitSuggestion best{kMinusInfinity, {}, {}};
  if (!(low < high)) return best;
  BranchDistributions branches{classes, std::vector<double>(2 * classes)};
  for (size_t i = 1; i <= split_points; ++i) {
    const double threshold = low + (high - low) / static_cast<double>(split_points + 1) * static_cast<double>(i);
    if (!(threshold > low && threshold < high)) continue;
    for (size_t c = 0; c < classes; ++c) {
      const bool observed = c < gaussians_.size() && seen[c] > 0 && feature < gaussians_[c].size();
      const double left = observed ? gaussians_[c][feature].weight_at_or_below(threshold, seen[c])
                                   : (threshold >= 0.0 ? seen[c] : 0.0);
      branches.weights[c] = left;
      branches.weights[classes + c] = seen[c] - left;
    }
    const double merit = split_merit(criterion, class_weights, branches);
    if (merit > best.merit) {
      best.merit = merit;
      best.test = SplitTest{feature, false, threshold, {}};
      best.branches = branches;
    }
  }
  return best;
}

// One branch per category seen, and one for category 0 when absent values imply it.
SplitSuggestion ClassLeaf::nominal_split(size_t slot, uint32_t feature, SplitCriterion criterion) const {
  const NominalCounts& counts = nominal_[slot];
  const size_t classes = class_weights.size();
  std::vector<double> categories = counts.categories;
  if (std::find(categories.begin(), categories.end(), 0.0) == categories.end()) categories.push_back(0.0);
  BranchDistributions branches{classes, {}};
  SplitTest test{feature, true, 0.0, {}};
  for (double category : categories) {
    std::vector<double> weights(classes);
    double branch_total = 0;
    for (uint32_t c = 0; c < classes; ++c) branch_total += weights[c] = counts.weight(category, c, seen[c]);
    if (!(branch_total > 0)) continue;
    test.categories.push_back(category);
    branches.weights.insert(branches.weights.end(), weights.begin(), weights.end());
  }
  if (test.categories.size() < 2) return {kMinusInfinity, {}, {}};
  return {split_merit(criterion, class_weights, branches), std::move(test), std::move(branches)};
}

void ClassLeaf::save(ByteWriter& out) const {
  out.f64s(class_weights);
  out.f64s(seen);
  out.f64(weight_at_last_attempt);
  out.f64(majority_correct);
  out.f64(naive_bayes_correct);
  out.u8(active ? 1 : 0);
  out.u64(gaussians_.size());
  for (const auto& per_class : gaussians_) {
    out.u64(per_class.size());
    for (const GaussianEstimator& g : per_class) g.save(out);
  }
  out.u64(nominal_.size());
  for (const NominalCounts& counts : nominal_) {
    out.f64s(counts.categories);
    for (const auto& per_class : counts.weights) out.f64s(per_class);
  }
}

Status ClassLeaf::load(ByteReader& in, size_t classes, size_t nominal_features) {
  TMK_ASSIGN_OR_RETURN(class_weights, in.f64s());
  TMK_ASSIGN_OR_RETURN(seen, in.f64s());
  TMK_ASSIGN_OR_RETURN(weight_at_last_attempt, in.f64());
  TMK_ASSIGN_OR_RETURN(majority_correct, in.f64());
  TMK_ASSIGN_OR_RETURN(naive_bayes_correct, in.f64());
  TMK_ASSIGN_OR_RETURN(uint8_t is_active, in.u8());
  active = is_active != 0;
  if (class_weights.size() > classes || seen.size() != class_weights.size())
    return in.malformed("a leaf with more classes than the model");
  TMK_TRY(check_weights(in, class_weights));
  TMK_TRY(check_weights(in, seen));
  TMK_ASSIGN_OR_RETURN(size_t gaussian_classes, in.count(8));
  if (gaussian_classes > classes) return in.malformed("a leaf with more classes than the model");
  if (!active && gaussian_classes > 0) return in.malformed("an inactive leaf that still has statistics");
  for (size_t c = gaussian_classes; active && c < seen.size(); ++c)
    if (seen[c] > 0) return in.malformed("an active leaf without the statistics of a class it has seen");
  gaussians_.resize(gaussian_classes);
  for (auto& per_class : gaussians_) {
    TMK_ASSIGN_OR_RETURN(size_t features, in.count(48));
    per_class.resize(features);
    for (GaussianEstimator& g : per_class) TMK_TRY(g.load(in));
  }
  TMK_ASSIGN_OR_RETURN(size_t nominal, in.count(8));
  if (nominal > nominal_features) return in.malformed("a leaf with more nominal features than --nominal");
  if (!active && nominal > 0) return in.malformed("an inactive leaf that still has statistics");
  nominal_.resize(nominal);
  for (NominalCounts& counts : nominal_) {
    TMK_ASSIGN_OR_RETURN(counts.categories, in.f64s());
    counts.weights.resize(counts.categories.size());
    for (auto& per_class : counts.weights) {
      TMK_ASSIGN_OR_RETURN(per_class, in.f64s());
      if (per_class.size() > classes) return in.malformed("a leaf with more classes than the model");
    }
  }
  return {};
}

}  // namespace tinymlkit
