#include "tinymlkit/class_leaf.hpp"
#include "tinymlkit/leaf_state.hpp"
#include "tinymlkit/portable_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <utility>

namespace tinymlkit {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();
// A class's before it meets a feature; never destroyed, as it is never changed.
const ClassGaussians& kNoGaussians = *new ClassGaussians();

bool nominal_feature(const LeafContext& context, uint32_t feature) {
  return feature < context.is_nominal.size() && context.is_nominal[feature] != 0;
}

// log N(x; mean, variance + s) - log N(0; 0, s): a feature's evidence for a class against a class
// that never met it. The subtracted term is the same for every class, so comparing sums of these
// over the features one class has met or the example holds is comparing sums over all features.
// With s = 0 a Gaussian without spread has density 1 at its mean and 0 elsewhere (MOA's).
// Accumulates -2 times it as a product of ratios (`mantissa` * 2^`exponent`) plus `squares`.
struct LogDensityRatios {
  double mantissa = 1.0;
  int exponent = 0;
  double squares = 0.0;
  bool impossible = false;

  void add(double x, double mean, double variance, double s) {
    const double spread = variance + s;
    if (!(spread > 0)) {
      impossible = impossible || x != mean;
      return;
    }
    const double d = x - mean;
    squares += d * d / spread;
    // Scaling by a power of two is exact, so the product is the same bits either way; frexp
    // only where a factor or the product nears the ends of the double range.
    const double ratio = density_ratio(spread, s);
    int e = 0;
    if (ratio > 0x1p-256 && ratio < 0x1p256) {
      mantissa *= ratio;
    } else {
      mantissa *= std::frexp(ratio, &e);
      exponent += e;
    }
    if (mantissa < 0x1p-512 || mantissa > 0x1p512) {
      mantissa = std::frexp(mantissa, &e);
      exponent += e;
    }
  }
  double log_likelihood() const {
    if (impossible) return kMinusInfinity;
    return -0.5 * (math::log(mantissa) + exponent * std::numbers::ln2 + squares);
  }
};

}  // namespace

double density_ratio(double spread, double s) { return s > 0 ? spread / s : 2.0 * std::numbers::pi * spread; }

uint32_t best_class(std::span<const double> scores, std::span<const uint32_t> rank) {
  uint32_t best = 0;
  for (uint32_t c = 1; c < scores.size(); ++c) {
    const bool ranks_first = c < rank.size() && best < rank.size() && rank[c] < rank[best];
    if (scores[c] > scores[best] || (scores[c] == scores[best] && ranks_first)) best = c;
  }
  return best;
}

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
  for (size_t k = 0; k < categories.size(); ++k)
    if (categories[k] != 0.0) present += of(k);
  return std::max(0.0, seen - present);
}

size_t NominalCounts::categories_met(uint32_t class_index, double seen) const {
  size_t met = weight(0.0, class_index, seen) > 0 ? 1 : 0;
  for (size_t k = 0; k < categories.size(); ++k)
    if (categories[k] != 0.0 && class_index < weights[k].size() && weights[k][class_index] > 0) ++met;
  return met;
}

double NominalCounts::log_likelihood(double category, uint32_t class_index, double seen) const {
  const double met = static_cast<double>(categories_met(class_index, seen));
  return math::log((weight(category, class_index, seen) + 1.0) / (seen + met));
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
  ClassGaussians& known = gaussians_[class_index];
  for (const Feature& f : features) known.prefetch(f.index);
  // Without a list, split_candidates() builds one: nothing to add to.
  const double mark =
      lists_split_features() ? listed_above() : std::numeric_limits<double>::infinity();
  uint32_t next_slot = 0;
  for (const Feature& f : features) {
    if (nominal_feature(context, f.index)) {
      const auto slot = std::lower_bound(context.nominal.begin(), context.nominal.end(), f.index);
      nominal_[static_cast<size_t>(slot - context.nominal.begin())].add(f.value, class_index, weight);
      continue;
    }
    GaussianEstimator& gaussian = known.at(f.index, next_slot);
    const double before = gaussian.present();
    gaussian.add(f.value, weight);
    if (before <= mark && gaussian.present() > mark) split_features_.push_back(f.index);
  }
}

double ClassLeaf::listed_above() const {
  const double learned = std::accumulate(seen.begin(), seen.end(), 0.0);
  return kMinBranchFraction * learned /
         static_cast<double>(std::max<size_t>(class_weights.size(), 1));
}

// Over the row's features other than 0 (--nb-features present), or over the features class c
// has met here and those the row holds.
double ClassLeaf::numeric_log_likelihood(uint32_t c, std::span<const Feature> features,
                                         std::span<const double> row_smoothing,
                                         const LeafContext& context) const {
  const ClassGaussians& known = c < gaussians_.size() ? gaussians_[c] : kNoGaussians;
  LogDensityRatios ratios;
  // A Gaussian's mean and variance; a class that never met the feature, a Gaussian at 0 with none.
  const auto moments = [&](const GaussianEstimator* gaussian) {
    return gaussian != nullptr ? gaussian->mean_and_variance(seen[c]) : std::pair(0.0, 0.0);
  };
  if (context.naive_bayes_over_present) {
    for (size_t i = 0; i < features.size(); ++i) {
      const Feature& f = features[i];
      if (f.value == 0.0 || nominal_feature(context, f.index)) continue;
      const double s = row_smoothing.empty() ? 0.0 : row_smoothing[i];
      const auto [mean, variance] = moments(known.find(f.index));
      ratios.add(f.value, mean, variance, s);
    }
    return ratios.log_likelihood();
  }
  // The features class c met and those the example holds, merged in index order.
  ClassGaussians::InIndexOrder met_k(known);
  size_t i = 0;
  while (!met_k.done() || i < features.size()) {
    const uint32_t j = std::min(met_k.done() ? UINT32_MAX : met_k.feature(),
                                i < features.size() ? features[i].index : UINT32_MAX);
    const bool met = !met_k.done() && met_k.feature() == j;
    const bool present = i < features.size() && features[i].index == j;
    if (!nominal_feature(context, j)) {
      const double x = present ? features[i].value : 0.0;
      const double s = context.smoothing != nullptr ? (*context.smoothing)(j) : 0.0;
      const auto [mean, variance] = moments(met ? &met_k.gaussian() : nullptr);
      ratios.add(x, mean, variance, s);
    }
    if (met) met_k.next();
    i += present ? 1 : 0;
  }
  return ratios.log_likelihood();
}

void ClassLeaf::naive_bayes(std::span<const Feature> features, const LeafContext& context,
                            std::vector<double>& votes) const {
  votes.assign(context.classes, kMinusInfinity);
  const double total = total_weight();
  if (!(total > 0)) return;
  const bool learned = active && std::any_of(seen.begin(), seen.end(), [](double w) { return w > 0; });
  std::span<const double> row_smoothing;
  if (learned && context.naive_bayes_over_present) {
    for (const ClassGaussians& known : gaussians_)
      for (const Feature& f : features) known.prefetch(f.index);
    if (context.smoothing != nullptr) row_smoothing = context.smoothing->of_row(features);
    for (const ClassGaussians& known : gaussians_)
      for (const Feature& f : features) known.prefetch_gaussian(f.index);
  }
  for (uint32_t c = 0; c < class_weights.size(); ++c) {
    if (!(class_weights[c] > 0)) continue;
    double vote = math::log(class_weights[c] / total);
    if (learned) {
      if (!(seen[c] > 0)) continue;
      vote += numeric_log_likelihood(c, features, row_smoothing, context);
      for (size_t slot = 0; slot < nominal_.size(); ++slot) {
        vote += nominal_[slot].log_likelihood(feature_value(features, context.nominal[slot]), c, seen[c]);
      }
    }
    votes[c] = vote;
  }
}

uint32_t ClassLeaf::majority_class(const LeafContext& context) const {
  return best_class(class_weights, context.class_rank);
}

uint32_t ClassLeaf::first_class(const LeafContext& context) const {
  uint32_t first = 0;
  bool found = false;
  for (uint32_t c = 0; c < class_weights.size(); ++c) {
    if (!(class_weights[c] > 0)) continue;
    const bool ranks_first = c < context.class_rank.size() && first < context.class_rank.size() &&
                             context.class_rank[c] < context.class_rank[first];
    if (!found || ranks_first) first = c;
    found = true;
  }
  return first;
}

double ClassLeaf::total_weight() const { return std::accumulate(class_weights.begin(), class_weights.end(), 0.0); }

size_t ClassLeaf::classes_present() const {
  return static_cast<size_t>(std::count_if(class_weights.begin(), class_weights.end(), [](double w) { return w > 0; }));
}

double ClassLeaf::promise() const {
  if (class_weights.empty()) return 0.0;
  return total_weight() - *std::max_element(class_weights.begin(), class_weights.end());
}

void ClassLeaf::deactivate() {
  active = false;
  std::vector<uint32_t>().swap(split_features_);
  listed_classes_ = 0;
  std::vector<ClassGaussians>().swap(gaussians_);
  std::vector<NominalCounts>().swap(nominal_);
}

// As MOA's new active learning node: its observers start empty, its next split attempt a grace
// period after now.
void ClassLeaf::reactivate() {
  active = true;
  over_budget = false;
  std::fill(seen.begin(), seen.end(), 0.0);
  weight_at_last_attempt = total_weight();
}

// Fixed widths, as TreeStructure::bytes (ClassGaussians::bytes counts the Gaussians).
size_t ClassLeaf::bytes() const {
  size_t total = 128 + 16 * class_weights.size();
  for (const ClassGaussians& per_class : gaussians_) total += per_class.bytes();
  for (const NominalCounts& counts : nominal_) {
    total += 48 + 8 * counts.categories.size();
    for (const auto& per_class : counts.weights) total += 24 + 8 * per_class.size();
  }
  return total;
}

std::vector<uint32_t> ClassLeaf::split_candidates(const LeafContext& context) {
  const double mark = listed_above();
  if (!lists_split_features()) {
    split_features_.clear();
    for (const ClassGaussians& per_class : gaussians_)
      per_class.for_each_by_index([&](uint32_t feature, const GaussianEstimator& gaussian) {
        if (gaussian.present() > mark) split_features_.push_back(feature);
      });
    listed_classes_ = class_weights.size();
  }
  std::sort(split_features_.begin(), split_features_.end());
  split_features_.erase(std::unique(split_features_.begin(), split_features_.end()),
                        split_features_.end());
  const double least = kMinBranchFraction * std::accumulate(seen.begin(), seen.end(), 0.0);
  std::vector<uint32_t> features(context.nominal.begin(), context.nominal.end());
  std::erase_if(split_features_, [&](uint32_t feature) {
    double present = 0, most = 0;
    for (const ClassGaussians& per_class : gaussians_) {
      const GaussianEstimator* gaussian = per_class.find(feature);
      const double weight = gaussian != nullptr ? gaussian->present() : 0.0;
      present += weight;
      most = std::max(most, weight);
    }
    if (present > least) features.push_back(feature);
    return !(most > mark);
  });
  std::sort(features.begin(), features.end());
  return features;
}

std::vector<SplitSuggestion> ClassLeaf::split_suggestions(SplitCriterion criterion, const LeafContext& context,
                                                          size_t split_points, std::span<const uint32_t> features) const {
  std::vector<SplitSuggestion> suggestions;
  const double entropy_before = entropy_bits(class_weights);
  BranchDistributions unsplit{class_weights.size(), class_weights};
  suggestions.push_back({split_merit(criterion, entropy_before, unsplit), SplitTest{}, {}});
  for (uint32_t j : features) {
    if (nominal_feature(context, j)) {
      const auto slot = std::lower_bound(context.nominal.begin(), context.nominal.end(), j);
      if (slot != context.nominal.end() && static_cast<size_t>(slot - context.nominal.begin()) < nominal_.size())
        suggestions.push_back(nominal_split(static_cast<size_t>(slot - context.nominal.begin()), j,
                                            criterion, entropy_before));
    } else if (auto suggestion = numeric_split(j, criterion, split_points, entropy_before)) {
      suggestions.push_back(std::move(*suggestion));
    }
  }
  return suggestions;
}

// MOA's Gaussian observer: split points evenly spaced strictly inside [low, high], each class's
// weight sent left as its Gaussian's share at or below the point; the first point is kept unless
// a later one is strictly better. None when the feature has not varied here.
std::optional<SplitSuggestion> ClassLeaf::numeric_split(uint32_t feature, SplitCriterion criterion,
                                                        size_t split_points,
                                                        double entropy_before) const {
  const size_t classes = class_weights.size();
  std::vector<const GaussianEstimator*> per_class(classes, nullptr);
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (uint32_t c = 0; c < classes; ++c) {
    if (!(seen[c] > 0)) continue;
    per_class[c] = c < gaussians_.size() ? gaussians_[c].find(feature) : nullptr;
    low = std::min(low, per_class[c] ? per_class[c]->low(seen[c]) : 0.0);
    high = std::max(high, per_class[c] ? per_class[c]->high(seen[c]) : 0.0);
  }
  if (!(low < high)) return std::nullopt;
  std::optional<SplitSuggestion> best;
  BranchDistributions branches{classes, std::vector<double>(2 * classes)};
  for (size_t i = 1; i <= split_points; ++i) {
    const double threshold = low + (high - low) / static_cast<double>(split_points + 1) * static_cast<double>(i);
    if (!(threshold > low && threshold < high)) continue;
    for (uint32_t c = 0; c < classes; ++c) {
      const double left = per_class[c] ? per_class[c]->weight_at_or_below(threshold, seen[c])
                                       : (threshold >= 0.0 ? seen[c] : 0.0);
      branches.weights[c] = left;
      branches.weights[classes + c] = seen[c] - left;
    }
    const double merit = split_merit(criterion, entropy_before, branches);
    if (!best || merit > best->merit) best = SplitSuggestion{merit, SplitTest{feature, false, threshold, {}}, branches};
  }
  return best;
}

// MOA's nominal observer: one branch per category met here, in category order. (MOA also tries
// each category against the rest, but that split is coarser than this one, so under information
// gain or Gini it never scores strictly higher.)
SplitSuggestion ClassLeaf::nominal_split(size_t slot, uint32_t feature, SplitCriterion criterion,
                                         double entropy_before) const {
  const NominalCounts& counts = nominal_[slot];
  const size_t classes = class_weights.size();
  std::vector<double> categories;
  for (double category : counts.categories)
    if (category != 0.0) categories.push_back(category);
  double zeros = 0;
  for (uint32_t c = 0; c < classes; ++c) zeros += counts.weight(0.0, c, seen[c]);
  if (zeros > 0) categories.push_back(0.0);
  std::sort(categories.begin(), categories.end());
  SplitSuggestion best{0.0, SplitTest{feature, true, 0.0, categories}, BranchDistributions{classes, {}}};
  for (double category : categories)
    for (uint32_t c = 0; c < classes; ++c) best.branches.weights.push_back(counts.weight(category, c, seen[c]));
  best.merit = split_merit(criterion, entropy_before, best.branches);
  return best;
}

}  // namespace tinymlkit
