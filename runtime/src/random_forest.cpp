#include "tinymlkit/random_forest.hpp"

#include <algorithm>

#include "tinymlkit/vfdt_settings.hpp"

namespace tinymlkit {
namespace {

constexpr uint64_t kMemoryCheckPeriod = 10000;  // examples between two checks of --max-bytes
constexpr size_t kBytesPerFeature = 48;  // the forest's moments (32 bytes) and naive Bayes smoothing with its stamp (16)
constexpr size_t kSmoothingBytes =
    16;  // a feature's naive Bayes smoothing and its stamp, cached below kDenseIndexes

}  // namespace

RandomForest::RandomForest(const ForestConfig& config, uint64_t seed)
    : config_(config),
      settings_(vfdt_settings_of(config, 0, config.max_features_per_split,
                                 config.chance_corrected_gain
                                     ? std::optional<double>(1.0 + config.lambda)
                                     : std::nullopt)),
      forest_(forest_settings_of(config, detects_drift<ForestConfig>), seed) {
  for (const std::string& label : config_.classes) classes_.add(label);
  class_rank_ = classes_.sorted_ranks();
  if (!config_.nominal.empty()) {
    is_nominal_.assign(config_.nominal.back() + size_t{1}, 0);
    for (uint32_t j : config_.nominal) is_nominal_[j] = 1;
  }
  settings_.max_bytes = tree_budget();
}

std::expected<double, std::string> RandomForest::target_of(std::string_view label) {
  const size_t known = classes_.size();
  const auto c = class_of_label(classes_, label, !config_.classes.empty(), config_.max_classes);
  if (!c) return std::unexpected(c.error());
  if (classes_.size() != known) class_rank_ = classes_.sorted_ranks();
  return static_cast<double>(*c);
}

LeafContext RandomForest::context() const {
  smoothing_.bind(features_, config_.variance_smoothing);
  return {classes_.size(), config_.nominal,
          is_nominal_,     &smoothing_,
          class_rank_,     naive_bayes_over_present<ForestConfig>(config_.nb_features)};
}

std::expected<void, LineError> RandomForest::check_learnable(const Example& example) const {
  return check_feature_limit(example, config_.max_features, {kBytesPerFeature, 0, config_.max_bytes});
}

double RandomForest::loss(const Prediction& prediction, double target) const { return log_loss(prediction, target); }

void RandomForest::predict(const Example& example, Prediction& out) {
  predicted_.valid = false;
  out.probabilities.assign(classes_.size(), 0.0);
  if (classes_.size() == 0) {
    out.class_index = 0;
    return;
  }
  const auto& members = forest_.members;
  predicted_.seen.resize(members.size());
  predicted_.classes.resize(members.size());
  const LeafContext leaf_context = context();
  const size_t trees = members.size() / forest_.forests;
  forest_votes_.assign(classes_.size(), 0.0);
  for (size_t m = 0; m < members.size(); ++m) {
    const auto& member = members[m];
    predicted_.seen[m] = member.tree.predict(example.features, leaf_context, settings_, votes_, probabilities_);
    predicted_.classes[m] = best_class(probabilities_, class_rank_);
    // River's vote: probabilities times the tree's accuracy, or unweighted while it has none.
    const double accuracy = member.accuracy();
    const double weight = config_.weighted_vote && accuracy > 0 ? accuracy : 1.0;
    for (size_t c = 0; c < probabilities_.size(); ++c) forest_votes_[c] += weight * probabilities_[c];
    if ((m + 1) % trees == 0) add_forest_vote(forest_votes_, out.probabilities);
  }
  for (double& p : out.probabilities) p /= static_cast<double>(forest_.forests);
  out.class_index = best_class(out.probabilities, class_rank_);
  out.value = out.probabilities[out.class_index];
  predicted_.features.assign(example.features.begin(), example.features.end());
  predicted_.valid = true;
}

void RandomForest::add_forest_vote(std::vector<double>& forest_votes, std::vector<double>& votes) const {
  double total = 0;
  for (double v : forest_votes) total += v;
  for (double& v : forest_votes) v = total > 0 ? v / total : 1.0 / static_cast<double>(forest_votes.size());
  if (forest_.forests == 1 || average_forests_) {
    for (size_t c = 0; c < votes.size(); ++c) votes[c] += forest_votes[c];
  } else {
    votes[best_class(forest_votes, class_rank_)] += 1.0;  // one vote a forest
  }
  std::fill(forest_votes.begin(), forest_votes.end(), 0.0);
}

void RandomForest::learn(const Example& example, double target) {
  const uint32_t c = static_cast<uint32_t>(target);
  auto& members = forest_.members;
  const bool predicted = predicted_.valid && predicted_.seen.size() == members.size() &&
                         same_features(example.features, predicted_.features);
  predicted_.valid = false;
  if (!predicted) {
    predicted_.seen.resize(members.size());
    predicted_.classes.resize(members.size());
    const LeafContext before = context();
    for (size_t m = 0; m < members.size(); ++m) {
      predicted_.seen[m] = members[m].tree.predict(example.features, before, settings_, votes_, probabilities_);
      predicted_.classes[m] = best_class(probabilities_, class_rank_);
    }
  }
  features_.add(example.features);
  settings_.max_bytes = tree_budget();
  const LeafContext leaf_context = context();
  for (size_t m = 0; m < members.size(); ++m) {
    auto& member = members[m];
    const double error = predicted_.classes[m] != c ? 1.0 : 0.0;
    AdaptiveForest<Vfdt>::record(member, error, example.weight);
    const uint32_t k = forest_.draw_weight();
    if (k == 0) continue;
    const double weight = example.weight * static_cast<double>(k);
    if (member.background)
      member.background->learn(example.features, c, weight, leaf_context, settings_, nullptr, votes_);
    member.tree.learn(example.features, c, weight, leaf_context, settings_, &predicted_.seen[m], votes_);
    forest_.follow_drift(member, error);
  }
  if (features_.count() % kMemoryCheckPeriod == 0) forest_.enforce_memory_limit(settings_.max_bytes);
}

// --max-bytes is the whole forest's: each member gets an equal share of what the features leave.
size_t RandomForest::tree_budget() const {
  const size_t fixed = statistics_bytes();
  const size_t budget = static_cast<size_t>(config_.max_bytes);
  return forest_.tree_budget(budget > fixed ? budget - fixed : 0);
}

size_t RandomForest::statistics_bytes() const {
  return features_.bytes() +
         kSmoothingBytes * std::min(features_.dimension(), FeatureStatistics::kDenseIndexes);
}

size_t RandomForest::bytes() const { return statistics_bytes() + forest_.trees_bytes(); }

}  // namespace tinymlkit
