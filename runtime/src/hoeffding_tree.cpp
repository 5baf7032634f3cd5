#include "tinymlkit/hoeffding_tree.hpp"

#include "tinymlkit/leaf_budget.hpp"
#include "tinymlkit/vfdt_settings.hpp"

#include <algorithm>
#include <cmath>

namespace tinymlkit {
namespace {

constexpr uint64_t kMemoryCheckPeriod = 10000;  // examples between two checks of --max-bytes

void remember(std::vector<uint64_t>& events, uint64_t at) {
  if (events.size() == HoeffdingTree::kEventsKept) events.erase(events.begin());
  events.push_back(at);
}

}  // namespace

std::expected<double, std::string> HoeffdingTree::target_of(std::string_view label) {
  const size_t known = classes_.size();
  const auto c = class_of_label(classes_, label, !config_.classes.empty(), config_.max_classes);
  if (!c) return std::unexpected(c.error());
  if (classes_.size() != known) class_rank_ = classes_.sorted_ranks();
  return static_cast<double>(*c);
}

LeafContext HoeffdingTree::context() const {
  smoothing_.bind(features_, config_.variance_smoothing);
  return {classes_.size(), config_.nominal,
          is_nominal_,     &smoothing_,
          class_rank_,     naive_bayes_over_present<HoeffdingConfig>(config_.nb_features)};
}

void HoeffdingTree::predict(const Example& example, Prediction& out) {
  predicted_.valid = false;
  if (classes_.size() == 0) {
    out.class_index = 0;
    out.probabilities.clear();
    return;
  }
  if (!members_.empty()) {
    predict_with_members(example, out);
    return;
  }
  predicted_.seen = main_.predict(example.features, context(), settings_, votes_, out.probabilities);
  out.class_index = best_class(out.probabilities, class_rank_);
  out.value = out.probabilities[out.class_index];
  predicted_.class_index = out.class_index;
  predicted_.features.assign(example.features.begin(), example.features.end());
  predicted_.valid = true;
}

double HoeffdingTree::loss(const Prediction& prediction, double target) const { return log_loss(prediction, target); }

std::expected<void, LineError> HoeffdingTree::check_learnable(const Example& example) const {
  // Per feature: its moments (32 bytes) and its naive Bayes smoothing with its stamp (16).
  return check_feature_limit(example, config_.max_features, {48, 0, config_.max_bytes});
}

void HoeffdingTree::predict_with_members(const Example& example, Prediction& out) {
  out.probabilities.assign(classes_.size(), 0.0);
  const LeafContext leaf_context = context();
  for (const Vfdt& member : members_) {
    member.predict(example.features, leaf_context, settings_, votes_, probabilities_);
    // A member that knows nothing here (its leaf's classes were all dropped) abstains.
    if (std::all_of(probabilities_.begin(), probabilities_.end(), [&](double p) { return p == probabilities_[0]; }))
      continue;
    if (average_members_) {
      for (size_t c = 0; c < probabilities_.size(); ++c) out.probabilities[c] += probabilities_[c];
    } else {
      out.probabilities[best_class(probabilities_, class_rank_)] += 1.0;  // one vote a tree
    }
  }
  for (double& p : out.probabilities) p /= static_cast<double>(members_.size());
  out.class_index = best_class(out.probabilities, class_rank_);
  out.value = out.probabilities[out.class_index];
}

void HoeffdingTree::learn_with_members(const Example& example, uint32_t class_index) {
  const LeafContext before = context();
  for (size_t m = 0; m < members_.size(); ++m) {
    members_[m].predict(example.features, before, settings_, votes_, probabilities_);
    if (best_class(probabilities_, class_rank_) == class_index) member_correct_[m] += example.weight;
  }
  features_.add(example.features);
  const LeafContext after = context();
  for (Vfdt& member : members_) member.learn(example.features, class_index, example.weight, after, settings_, nullptr, votes_);
}

void HoeffdingTree::learn(const Example& example, double target) {
  const uint32_t c = static_cast<uint32_t>(target);
  if (!members_.empty()) {
    learn_with_members(example, c);
    return;
  }
  const bool predicted = predicted_.valid && same_features(example.features, predicted_.features);
  predicted_.valid = false;
  uint32_t predicted_class = predicted_.class_index;
  if (!predicted) {
    main_.predict(example.features, context(), settings_, votes_, probabilities_);
    predicted_class = best_class(probabilities_, class_rank_);
  }
  bool background_wrong = false;
  if (background_) {
    background_->predict(example.features, context(), settings_, votes_, probabilities_);
    background_wrong = best_class(probabilities_, class_rank_) != c;
  }
  features_.add(example.features);
  const LeafContext leaf_context = context();
  main_.learn(example.features, c, example.weight, leaf_context, settings_, predicted ? &predicted_.seen : nullptr,
              votes_);
  ++main_examples_;
  if (background_) background_->learn(example.features, c, example.weight, leaf_context, settings_, nullptr, votes_);
  if (detects_drift<HoeffdingConfig>(config_.drift_detection)) follow_drift(predicted_class != c, background_wrong);
  if (features_.count() % kMemoryCheckPeriod == 0) {
    // --max-bytes is the whole model's: the main tree has first claim, the background the rest.
    const size_t fixed = bytes() - main_.bytes() - (background_ ? background_->bytes() : 0);
    const auto left = [&](size_t used) { return settings_.max_bytes > used ? settings_.max_bytes - used : 0; };
    main_.enforce_memory_limit(left(fixed + (background_ ? background_->bytes() : 0)), BringBack::kYes);
    if (background_) background_->enforce_memory_limit(left(fixed + main_.bytes()), BringBack::kYes);
  }
}

void HoeffdingTree::follow_drift(bool main_wrong, bool background_wrong) {
  if (background_) {
    switch (contest_.add(main_wrong, background_wrong)) {
      case SwapTest::Verdict::kSwap:
        main_ = std::move(*background_);
        background_.reset();
        main_examples_ = 0;
        detector_ = ResettingDriftDetector(config_.drift_confidence);
        ++swaps_;
        remember(swapped_at_, features_.count());
        return;
      case SwapTest::Verdict::kAbandon:
        background_.reset();
        ++resets_;
        break;
      case SwapTest::Verdict::kUndecided:
        break;
    }
  }
  if (!detector_.add(main_wrong ? 1.0 : 0.0)) return;
  ++drifts_;
  remember(alarmed_at_, features_.count());
  // A later alarm replaces a background tree still in its contest: the tree to test is one that
  // learned since the latest change. (Kept instead, the tree started at sea.txt's first change,
  // which the main tree outlived by adapting in place, held the contest for 25,000 examples and
  // hid the third change.) It counts as dropped.
  if (background_) ++resets_;
  background_.emplace();
  contest_ = SwapTest(config_.swap_confidence, main_examples_);
}

size_t HoeffdingTree::bytes() const {
  size_t total = features_.bytes() + main_.bytes() + (background_ ? background_->bytes() : 0);
  for (const Vfdt& member : members_) total += member.bytes();
  return total;
}

}  // namespace tinymlkit
