#include "tinymlkit/random_forest.hpp"

#include <algorithm>

#include "tinymlkit/leaf_budget.hpp"
#include "tinymlkit/portable_math.hpp"
#include "tinymlkit/vfdt_settings.hpp"

namespace tinymlkit {
namespace {

constexpr uint64_t kMemoryCheckPeriod = 10000;  // examples between two checks of --max-bytes
constexpr size_t kBytesPerFeature = 48;  // the forest's moments (32 bytes) and naive Bayes smoothing with its stamp (16)

}  // namespace

RandomForest::RandomForest(const ForestConfig& config, uint64_t seed)
    : config_(config),
      settings_(vfdt_settings_of(config, 0, config.max_features_per_split)),
      exp_minus_lambda_(math::exp(-config.lambda)),
      random_(seed) {
  for (const std::string& label : config_.classes) classes_.add(label);
  class_rank_ = classes_.sorted_ranks();
  if (!config_.nominal.empty()) {
    is_nominal_.assign(config_.nominal.back() + size_t{1}, 0);
    for (uint32_t j : config_.nominal) is_nominal_[j] = 1;
  }
  for (int64_t t = 0; t < config_.trees; ++t) members_.push_back(new_member());
  settings_.max_bytes = tree_budget();
}

RandomForest::Member RandomForest::blank_member(uint64_t seed) const {
  return {.tree = Vfdt(seed),
          .seed = seed,
          .background = std::nullopt,
          .background_seed = 0,
          .warning = DriftDetector(config_.warning_confidence),
          .drift = DriftDetector(config_.drift_confidence),
          .correct = 0,
          .seen = 0};
}

RandomForest::Member RandomForest::new_member() { return blank_member(random_.next()); }

std::expected<double, std::string> RandomForest::target_of(std::string_view label) {
  const size_t known = classes_.size();
  const auto c = class_of_label(classes_, label, !config_.classes.empty(), config_.max_classes);
  if (!c) return std::unexpected(c.error());
  if (classes_.size() != known) class_rank_ = classes_.sorted_ranks();
  return static_cast<double>(*c);
}

LeafContext RandomForest::context() {
  smoothing_.bind(features_, config_.variance_smoothing);
  return {classes_.size(), config_.nominal, is_nominal_, &smoothing_, class_rank_};
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
  predicted_.seen.resize(members_.size());
  predicted_.classes.resize(members_.size());
  const LeafContext leaf_context = context();
  const size_t trees = members_.size() / forests_;
  forest_votes_.assign(classes_.size(), 0.0);
  for (size_t m = 0; m < members_.size(); ++m) {
    const Member& member = members_[m];
    predicted_.seen[m] = member.tree.predict(example.features, leaf_context, settings_, votes_, probabilities_);
    predicted_.classes[m] = best_class(probabilities_, class_rank_);
    // River's vote: probabilities times the tree's accuracy, or unweighted while it has none.
    const double accuracy = member.seen > 0 ? member.correct / member.seen : 0.0;
    const double weight = config_.weighted_vote && accuracy > 0 ? accuracy : 1.0;
    for (size_t c = 0; c < probabilities_.size(); ++c) forest_votes_[c] += weight * probabilities_[c];
    if ((m + 1) % trees == 0) add_forest_vote(forest_votes_, out.probabilities);
  }
  for (double& p : out.probabilities) p /= static_cast<double>(forests_);
  out.class_index = best_class(out.probabilities, class_rank_);
  out.value = out.probabilities[out.class_index];
  predicted_.features.assign(example.features.begin(), example.features.end());
  predicted_.valid = true;
}

void RandomForest::add_forest_vote(std::vector<double>& forest_votes, std::vector<double>& votes) const {
  double total = 0;
  for (double v : forest_votes) total += v;
  for (double& v : forest_votes) v = total > 0 ? v / total : 1.0 / static_cast<double>(forest_votes.size());
  if (forests_ == 1 || average_forests_) {
    for (size_t c = 0; c < votes.size(); ++c) votes[c] += forest_votes[c];
  } else {
    votes[best_class(forest_votes, class_rank_)] += 1.0;  // one vote a forest
  }
  std::fill(forest_votes.begin(), forest_votes.end(), 0.0);
}

void RandomForest::learn(const Example& example, double target) {
  const uint32_t c = static_cast<uint32_t>(target);
  const auto same = [](const Feature& a, const Feature& b) { return a.index == b.index && a.value == b.value; };
  const bool predicted = predicted_.valid && predicted_.seen.size() == members_.size() &&
                         std::equal(example.features.begin(), example.features.end(), predicted_.features.begin(),
                                    predicted_.features.end(), same);
  predicted_.valid = false;
  if (!predicted) {
    predicted_.seen.resize(members_.size());
    predicted_.classes.resize(members_.size());
    const LeafContext before = context();
    for (size_t m = 0; m < members_.size(); ++m) {
      predicted_.seen[m] = members_[m].tree.predict(example.features, before, settings_, votes_, probabilities_);
      predicted_.classes[m] = best_class(probabilities_, class_rank_);
    }
  }
  features_.add(example.features);
  settings_.max_bytes = tree_budget();
  const LeafContext leaf_context = context();
  for (size_t m = 0; m < members_.size(); ++m) {
    Member& member = members_[m];
    const bool wrong = predicted_.classes[m] != c;
    member.seen += example.weight;
    if (!wrong) member.correct += example.weight;
    // As River and MOA: a tree that draws weight 0 neither learns the example nor tells its
    // detectors about it.
    const uint32_t k = random_.poisson(exp_minus_lambda_);
    if (k == 0) continue;
    const double weight = example.weight * static_cast<double>(k);
    if (member.background)
      member.background->learn(example.features, c, weight, leaf_context, settings_, nullptr, votes_);
    member.tree.learn(example.features, c, weight, leaf_context, settings_, &predicted_.seen[m], votes_);
    if (detects_drift<ForestConfig>(config_.drift_detection)) follow_drift(member, wrong);
  }
  if (features_.count() % kMemoryCheckPeriod == 0) {
    // Within a member's share, its tree first and its background tree the rest.
    const size_t share = settings_.max_bytes;
    const auto left = [&](size_t used) { return share > used ? share - used : 0; };
    for (Member& member : members_) {
      member.tree.enforce_memory_limit(left(member.background ? member.background->bytes() : 0), BringBack::kYes);
      if (member.background) member.background->enforce_memory_limit(left(member.tree.bytes()), BringBack::kYes);
    }
  }
}

void RandomForest::follow_drift(Member& member, bool wrong) {
  if (member.warning.add(wrong)) {
    ++warnings_;
    member.background_seed = random_.next();
    member.background.emplace(member.background_seed);
  }
  if (!member.drift.add(wrong)) return;
  ++drifts_;
  if (member.background) {
    ++swaps_;
    member.tree = std::move(*member.background);
    member.seed = member.background_seed;
    member.background.reset();
  } else {
    ++resets_;
    member.seed = random_.next();
    member.tree = Vfdt(member.seed);
  }
  member.warning = DriftDetector(config_.warning_confidence);
  member.drift = DriftDetector(config_.drift_confidence);
  member.correct = 0;
  member.seen = 0;
}

// --max-bytes is the whole forest's: each member gets an equal share of what the features leave.
size_t RandomForest::tree_budget() const {
  const size_t fixed = kBytesPerFeature * features_.dimension();
  const size_t budget = static_cast<size_t>(config_.max_bytes);
  return (budget > fixed ? budget - fixed : 0) / members_.size();
}

size_t RandomForest::bytes() const {
  size_t total = kBytesPerFeature * features_.dimension();
  for (const Member& member : members_) total += member.tree.bytes() + (member.background ? member.background->bytes() : 0);
  return total;
}

}  // namespace tinymlkit
