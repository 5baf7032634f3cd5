// tinymlkit-forest: the Adaptive Random Forest (Gomes et al., "Adaptive random forests for
// evolving data stream classification", Machine Learning 2017), as River's ARFClassifier and
// MOA's AdaptiveRandomForest build it, from this project's Hoeffding trees (vfdt.hpp): online
// bagging, drift detection and background trees as every ARF here (adaptive_forest.hpp), a
// random subspace of the features for each leaf to split on (random_subspace.hpp), and the
// forest's probabilities the trees', each weighted by its accuracy since it was made.
//
// Federated, as the single tree: forests cannot be averaged, so the aggregate of n client models
// is a forest of n forests (each client's own, or the one that predicted best on its data if it
// continued from an aggregate), each voting for its class, so fewer than n/2 bad forests cannot
// overturn what the honest ones agree on. Every tree keeps learning on each example.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tinymlkit/adaptive_forest.hpp"
#include "tinymlkit/config/forest.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/federated_learner.hpp"
#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/vfdt.hpp"

namespace tinymlkit {

class RandomForest final : public Learner, public FederatedLearner {
 public:
  RandomForest(const ForestConfig& config, uint64_t seed);

  Task task() const override { return Task::kClassification; }
  std::expected<double, std::string> target_of(std::string_view label) override;
  std::string_view class_name(uint32_t class_index) const override { return classes_.name(class_index); }
  size_t class_count() const override { return classes_.size(); }
  bool knows_label(std::string_view label) const override { return classes_.find(label).has_value(); }
  void predict(const Example& example, Prediction& out) override;
  std::expected<void, LineError> check_learnable(const Example& example) const override;
  void learn(const Example& example, double target) override;
  double loss(const Prediction& prediction, double target) const override;
  void save(ByteWriter& out) const override;
  Status load(ByteReader& in) override;
  void describe(JsonWriter& out) const override;
  std::vector<SummaryFigure> summary_figures() const override;
  Result<std::string> export_c(std::string_view program, std::string_view writer) const override;
  Result<std::string> export_onnx(std::string_view program, std::string_view writer) const override;
  const FederatedLearner* federated() const override { return this; }
  FederatedLearner* federated() override { return this; }
  void save_summary(ByteWriter& out) const override { save(out); }  // a forest holds no raw example
  std::optional<std::string> incompatibility(const Learner& other) const override;
  Result<size_t> aggregate(std::span<const Learner* const> clients, AggregationRule rule, size_t byzantine,
                           const Learner* previous) override;

 private:
  // The trees as --export-c's and --export-onnx's tables; `option` names the export in an error.
  Result<ClassTreeTables> export_tables(std::string_view option) const;
  LeafContext context() const;
  // Adds one forest's vote for the example to `votes`, from its trees' weighted probabilities in
  // `forest_votes`: its normalized probabilities for a single forest or the mean rule, one vote
  // for its class in an ensemble of forests.
  void add_forest_vote(std::vector<double>& forest_votes, std::vector<double>& votes) const;
  size_t tree_budget() const;
  size_t statistics_bytes() const;  // what --max-bytes leaves the trees after them
  size_t bytes() const;

  ForestConfig config_;
  VfdtSettings settings_;
  LabelDictionary classes_;
  std::vector<uint32_t> class_rank_;  // classes_.sorted_ranks(): ties go to the label that sorts first
  FeatureStatistics features_;        // for the naive Bayes variance smoothing
  AdaptiveForest<Vfdt> forest_;
  bool average_forests_ = false;  // --aggregate mean: average probabilities instead of voting

  // Reused on every example. A prediction serves the learning of the same example, which the
  // command line always does next: each tree predicts once an example.
  mutable VarianceSmoothing smoothing_;  // a cache: context() binds it
  std::vector<double> votes_, probabilities_, forest_votes_;
  struct {
    bool valid = false;
    std::vector<Vfdt::Prediction> seen;
    std::vector<uint32_t> classes;  // each member's predicted class
    std::vector<Feature> features;
  } predicted_;
  std::vector<uint8_t> is_nominal_;
};

}  // namespace tinymlkit
