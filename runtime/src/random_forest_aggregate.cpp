// Federated tinymlkit-forest: the global model is a forest of the clients' forests, which vote
// (README, "Federated learning"). Once a round, so built for size in the .wasm modules
// (runtime/CMakeLists.txt).
#include "tinymlkit/classifier_round.hpp"
#include "tinymlkit/random_forest.hpp"

namespace tinymlkit {

std::optional<std::string> RandomForest::incompatibility(const Learner&) const {
  return std::nullopt;  // any classes: the ensemble's dictionary is their union
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
  std::vector<const AdaptiveForest<Vfdt>*> forests;
  std::vector<std::vector<uint32_t>> class_maps;  // each client's classes to the round's
  for (const RandomForest* model : models) {
    forests.push_back(&model->forest_);
    class_maps.push_back(class_map(model->classes_, classes_));
  }
  forest_.gather(std::span<const AdaptiveForest<Vfdt>* const>(forests), [&](size_t c, ForestMember<Vfdt>& member) {
    member.tree.remap_classes(class_maps[c], classes_.size());
    if (member.background) member.background->remap_classes(class_maps[c], classes_.size());
  });
  average_forests_ = rule == AggregationRule::kMean;
  smoothing_.clear();
  predicted_.valid = false;
  settings_.max_bytes = tree_budget();
  return size_t{0};
}

}  // namespace tinymlkit
