// Federated tinymlkit-forest-regressor: the global model is a forest of the clients' forests,
// combined by the round's rule (README, "Federated learning"). Once a round, so built for size in
// the .wasm modules (runtime/CMakeLists.txt).
#include "tinymlkit/forest_regressor.hpp"
#include "tinymlkit/regression_round.hpp"

namespace tinymlkit {

std::optional<std::string> ForestRegressor::incompatibility(const Learner&) const { return std::nullopt; }

// The forests are combined; the last round's ensemble has nothing a rule starts from.
Result<size_t> ForestRegressor::aggregate(std::span<const Learner* const> clients, AggregationRule rule,
                                          size_t byzantine, const Learner* /*previous*/) {
  std::vector<const ForestRegressor*> models;
  std::vector<const FeatureStatistics*> statistics;
  std::vector<const ShiftedMoments*> labels;
  std::vector<const AdaptiveForest<RegressionTree>*> forests;
  for (const Learner* client : clients) {
    models.push_back(static_cast<const ForestRegressor*>(client));
    statistics.push_back(&models.back()->features_);
    labels.push_back(&models.back()->labels_);
    forests.push_back(&models.back()->forest_);
  }
  TMK_ASSIGN_OR_RETURN(RegressionRound round, regression_round(statistics, labels, rule, byzantine));
  features_ = std::move(round.features);
  labels_ = round.labels;
  shift_ = round.shift;
  forest_.gather(std::span<const AdaptiveForest<RegressionTree>* const>(forests),
                 [&](size_t c, ForestMember<RegressionTree>& member) {
                   const double offset = models[c]->shift_ - shift_;
                   member.tree.shift_targets(offset);
                   if (member.background) member.background->shift_targets(offset);
                 });
  combine_ = rule;
  combine_byzantine_ = byzantine;
  predicted_.forget();
  settings_.max_bytes = tree_budget();
  return round.iterations;
}

}  // namespace tinymlkit
