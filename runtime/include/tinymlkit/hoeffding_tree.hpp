// tinymlkit-hoeffding: the Very Fast Decision Tree (Domingos & Hulten 2000) as MOA and River
// build it (see vfdt.hpp), for any number of classes met in any order. By default a drift
// detector with a bound (HDDM-A) watches its progressive error: when the error rises beyond
// Hoeffding's bound, a background tree starts learning, and it replaces the main tree only when
// a Hoeffding test says it predicts better (the Hoeffding Adaptive Tree's rule, at the tree
// level; swap_test.hpp). --drift-detection none is the plain VFDT of the reference implementations.
//
// Federated, trees cannot be averaged: the aggregate of n client models is an ensemble of n
// trees (each client's own, or the member that predicted best on its data if it continued from
// an ensemble), predicting by majority vote, so fewer than n/2 bad trees cannot overturn what
// the honest ones agree on. Every member keeps learning on each example.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tinymlkit/config/hoeffding.hpp"
#include "tinymlkit/drift_detector.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/federated_learner.hpp"
#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/swap_test.hpp"
#include "tinymlkit/vfdt.hpp"

namespace tinymlkit {

class HoeffdingTree final : public Learner, public FederatedLearner {
 public:
  static constexpr size_t kEventsKept = 64;  // alarms and swaps whose example counts the model keeps

  HoeffdingTree(const HoeffdingConfig& config, uint64_t seed);

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
  void save_summary(ByteWriter& out) const override { save(out); }  // a tree holds no raw example
  FederatedLearner* federated() override { return this; }
  std::optional<std::string> incompatibility(const Learner& other) const override;
  Result<size_t> aggregate(std::span<const Learner* const> clients, AggregationRule rule, size_t byzantine,
                           const Learner* previous) override;

 private:
  // The trees as --export-c's and --export-onnx's tables; `option` names the export in an error.
  Result<ClassTreeTables> export_tables(std::string_view option) const;
  LeafContext context() const;
  void predict_with_members(const Example& example, Prediction& out);
  void learn_with_members(const Example& example, uint32_t class_index);
  size_t bytes() const;
  // After learning an example: the drift detector on the main tree's outcome, and the contest
  // between the main and the background tree when there is one.
  void follow_drift(bool main_wrong, bool background_wrong);

  HoeffdingConfig config_;
  VfdtSettings settings_;
  LabelDictionary classes_;
  std::vector<uint32_t> class_rank_;  // classes_.sorted_ranks(): ties go to the label that sorts first
  FeatureStatistics features_;  // for the naive Bayes variance smoothing
  Vfdt main_;
  std::optional<Vfdt> background_;  // learning since the detector's alarm, until the contest ends
  SwapTest contest_;
  uint64_t main_examples_ = 0;      // examples the main tree has learned: the background's patience
  std::vector<Vfdt> members_;        // an aggregate's ensemble; empty for a single tree
  std::vector<double> member_correct_;
  bool average_members_ = false;  // --aggregate mean: average probabilities instead of voting
  ResettingDriftDetector detector_;
  uint64_t drifts_ = 0;  // the detector's alarms
  uint64_t swaps_ = 0;   // background trees that proved better and replaced the main tree
  uint64_t resets_ = 0;  // background trees dropped: shown worse, or not better within their patience
  std::vector<uint64_t> alarmed_at_;  // the example counts of the last alarms and swaps
  std::vector<uint64_t> swapped_at_;

  // Reused on every example. A prediction serves the learning of the same example, which the
  // command line always does next: naive Bayes runs once an example.
  mutable VarianceSmoothing smoothing_;  // a cache: context() binds it
  std::vector<double> votes_, probabilities_;
  struct {
    bool valid = false;
    Vfdt::Prediction seen{};
    uint32_t class_index = 0;
    std::vector<Feature> features;
  } predicted_;
  std::vector<uint8_t> is_nominal_;
};

}  // namespace tinymlkit
