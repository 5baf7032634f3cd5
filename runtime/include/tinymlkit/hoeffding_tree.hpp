// tinymlkit-hoeffding: the Very Fast Decision Tree (Domingos & Hulten 2000) as MOA and River
// build it. A leaf collects statistics; every --grace-period examples it asks whether its best
// split beats the second best by more than the Hoeffding bound (or the bound fell below the tie
// threshold), and splits if so. Leaves predict with their majority class, naive Bayes, or
// whichever of the two has been more accurate there (NB adaptive). Past --max-bytes the least
// promising leaves stop collecting statistics, as in MOA.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinymlkit/class_leaf.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/tree_structure.hpp"

namespace tinymlkit {

// Set from the option table generated from models/hoeffding.yaml, where the defaults live.
struct HoeffdingConfig {
  int64_t grace_period = 0;
  double split_confidence = 0;
  double tie_threshold = 0;
  std::string split_criterion;
  std::string leaf_prediction;
  double nb_threshold = 0;
  int64_t split_points = 0;
  std::vector<uint32_t> nominal;
  double variance_smoothing = 0;
  int64_t max_depth = 0;
  int64_t max_bytes = 0;
  int64_t max_features = 0;
};

class HoeffdingTree final : public Learner {
 public:
  HoeffdingTree(const HoeffdingConfig& config, uint64_t seed);

  Task task() const override { return Task::kClassification; }
  std::expected<double, std::string> target_of(std::string_view label) override;
  std::string_view class_name(uint32_t class_index) const override { return classes_.name(class_index); }
  size_t class_count() const override { return classes_.size(); }
  void predict(const Example& example, Prediction& out) override;
  std::expected<void, LineError> check_learnable(const Example& example) const override;
  void learn(const Example& example, double target) override;
  double loss(const Prediction& prediction, double target) const override;
  void save(ByteWriter& out) const override;
  Status load(ByteReader& in) override;
  void describe(JsonWriter& out) const override;
  std::vector<SummaryFigure> summary_figures() const override;

  size_t bytes() const;

 private:
  enum class LeafPrediction { kMajority, kNaiveBayes, kAdaptive };

  // A leaf's two opinions of an example: its majority class and its naive Bayes class (with the
  // votes behind the latter in votes_).
  struct Opinions {
    uint32_t majority;
    uint32_t naive_bayes;
  };

  LeafContext context();
  uint32_t leaf_for(const Example& example);  // creating a branch for a new category
  Opinions opinions(const ClassLeaf& leaf, const Example& example);
  bool uses_naive_bayes(const ClassLeaf& leaf) const;
  void attempt_split(uint32_t node);
  void enforce_memory_limit();

  HoeffdingConfig config_;
  SplitCriterion criterion_;
  LeafPrediction leaf_prediction_;
  LabelDictionary classes_;
  FeatureStatistics features_;  // for the naive Bayes variance smoothing
  TreeStructure tree_;
  std::vector<ClassLeaf> leaves_;  // the payloads of the tree's leaves
  std::vector<uint8_t> is_nominal_;
  uint64_t deactivated_ = 0;

  // Reused on every example. A prediction's opinions serve the learning of the same example,
  // which the command line always does next: naive Bayes is computed once an example.
  std::vector<double> smoothing_, votes_;
  uint64_t smoothing_count_ = UINT64_MAX;  // features_.count() when smoothing_ was computed
  struct {
    bool valid = false;
    uint32_t node = 0;
    Opinions opinions{};
    std::vector<Feature> features;
  } predicted_;
};

}  // namespace tinymlkit
