// Federated tinymlkit-forest: the global model is a forest of the clients' forests, which vote
// (README, "Federated learning"). Once a round, so built for size in the .wasm modules
// (runtime/CMakeLists.txt).
#include "tinymlkit/classifier_round.hpp"
#include "tinymlkit/random_forest.hpp"

namespace tinymlkit {

std::optional<std::string> RandomForest::incompatibility(const Learner&) const {
  return std::nullopt;  // any classes: the ensemble's dictionary is their union
}

double RandomForest::forest_accuracy(size_t f) const {
  const size_t trees = members_.size() / forests_;
  double correct = 0, seen = 0;
  for (size_t m = f * trees; m < (f + 1) * trees; ++m) {
    correct += members_[m].correct;
    seen += members_[m].seen;
  }
  return seen > 0 ? correct / seen : 0.0;
}

// The forests vote; the last round's ensemble has nothing a rule starts from.
Result<size_t> RandomForest::aggregate(std::span<const Learner* const> clients, AggregationRule rule,
                                       size_t byzantine, const Learner* /*previous*/) {
  std::vector<const RandomForest*> models;
  std::vector<const FeatureStatistics*> statistics;
  std::vector<const LabelDictionary*> dictionaries;
  for (const Learner* client : clients) {
    models.push_back(static_cast<const RandomForest*>(client));
    statistics.push_back(&models.back()->features_);
    dictionaries.push_back(&models.back()->classes_);
  }
  TMK_ASSIGN_OR_RETURN(ClassifierRound round,
                       classifier_round(dictionaries, statistics, rule, byzantine, config_.max_classes));
  classes_ = std::move(round.classes);
  class_rank_ = classes_.sorted_ranks();
  features_ = std::move(round.features);
  members_.clear();
  for (const RandomForest* model : models) {
    // A client that continued from an aggregate sends the forest that did best on its data.
    size_t best = 0;
    for (size_t f = 1; f < model->forests_; ++f)
      if (model->forest_accuracy(f) > model->forest_accuracy(best)) best = f;
    const size_t trees = model->members_.size() / model->forests_;
    const std::vector<uint32_t> to = class_map(model->classes_, classes_);
    for (size_t m = best * trees; m < (best + 1) * trees; ++m) {
      Member member = model->members_[m];
      member.tree.remap_classes(to, classes_.size());
      if (member.background) member.background->remap_classes(to, classes_.size());
      members_.push_back(std::move(member));
    }
  }
  forests_ = models.size();
  average_forests_ = rule == AggregationRule::kMean;
  warnings_ = drifts_ = swaps_ = resets_ = 0;
  smoothing_.clear();
  predicted_.valid = false;
  settings_.max_bytes = tree_budget();
  return size_t{0};
}

}  // namespace tinymlkit
