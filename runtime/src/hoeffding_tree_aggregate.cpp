// Federated tinymlkit-hoeffding: trees cannot be averaged, so the global model is an ensemble
// of the clients' trees that votes (README, "Federated learning"). Once a round, so built for
// size in the .wasm modules (runtime/CMakeLists.txt).
#include <algorithm>

#include "tinymlkit/classifier_round.hpp"
#include "tinymlkit/hoeffding_tree.hpp"

namespace tinymlkit {

std::optional<std::string> HoeffdingTree::incompatibility(const Learner&) const {
  return std::nullopt;  // any classes: the ensemble's dictionary is their union
}

// The members vote; the last round's ensemble has nothing a rule starts from.
Result<size_t> HoeffdingTree::aggregate(std::span<const Learner* const> clients, AggregationRule rule,
                                        size_t byzantine, const Learner* /*previous*/) {
  std::vector<const HoeffdingTree*> models;
  std::vector<const FeatureStatistics*> statistics;
  std::vector<const LabelDictionary*> dictionaries;
  for (const Learner* client : clients) {
    models.push_back(static_cast<const HoeffdingTree*>(client));
    statistics.push_back(&models.back()->features_);
    dictionaries.push_back(&models.back()->classes_);
  }
  TMK_ASSIGN_OR_RETURN(ClassifierRound round,
                       classifier_round(dictionaries, statistics, rule, byzantine, config_.max_classes));
  classes_ = std::move(round.classes);
  class_rank_ = classes_.sorted_ranks();
  features_ = std::move(round.features);
  members_.clear();
  for (const HoeffdingTree* model : models) {
    const auto best = std::max_element(model->member_correct_.begin(), model->member_correct_.end());
    Vfdt tree = model->members_.empty() ? model->main_
                                        : model->members_[static_cast<size_t>(best - model->member_correct_.begin())];
    tree.remap_classes(class_map(model->classes_, classes_), classes_.size());
    members_.push_back(std::move(tree));
  }
  member_correct_.assign(members_.size(), 0.0);
  average_members_ = rule == AggregationRule::kMean;
  main_ = Vfdt();
  background_.reset();
  detector_ = ResettingDriftDetector(config_.drift_confidence);
  smoothing_.clear();
  return size_t{0};
}

}  // namespace tinymlkit
