// What a Hoeffding classification tree keeps at a leaf: the class distribution (with the share
// inherited from the split that made the leaf), MOA's attribute observers (a Gaussian per
// (class, numeric feature) for the features that class has met here, category counts for
// nominal ones), and how often its majority class and its naive Bayes have been right, for
// "NB adaptive" prediction. Statistics are sparse: a feature costs memory at a leaf only once
// it is present there; everywhere else it is the zero it stands for. An inactive leaf
// (deactivated to stay within --max-bytes) keeps only its class distribution.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/class_gaussians.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/gaussian_estimator.hpp"
#include "tinymlkit/json_writer.hpp"
#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/split_criterion.hpp"
#include "tinymlkit/tree_structure.hpp"
#include "tinymlkit/variance_smoothing.hpp"

namespace tinymlkit {

// Category weights per class of one nominal feature; category 0 is implied by absent values.
struct NominalCounts {
  std::vector<double> categories;
  std::vector<std::vector<double>> weights;  // [category][class]

  void add(double category, uint32_t class_index, double weight);
  // The weight of class c with `category`; category 0 is what its present ones leave of `seen`.
  double weight(double category, uint32_t class_index, double seen) const;
  // How many categories class c has met: naive Bayes' Laplace correction counts these (MOA).
  size_t categories_met(uint32_t class_index, double seen) const;
  // Naive Bayes' term for `category` in class c: log((its weight + 1) / (seen + categories met)),
  // Laplace-corrected as MOA's. A category no count holds (NaN, say) gets the term of weight 0.
  double log_likelihood(double category, uint32_t class_index, double seen) const;
};

struct SplitSuggestion {
  double merit;
  SplitTest test;
  BranchDistributions branches;  // class weights expected in each branch; none for "do not split"
};

// What the leaf's observers need to know about the whole model.
struct LeafContext {
  size_t classes;
  std::span<const uint32_t> nominal;  // sorted --nominal feature indexes
  std::span<const uint8_t> is_nominal;  // per feature index (shorter: the rest are numeric)
  const VarianceSmoothing* smoothing;  // per feature: variance added to every Gaussian (naive Bayes); null: none
  std::span<const uint32_t> class_rank;  // ties between classes go to the lower rank: the label that sorts first
  // Naive Bayes weighs only the row's numeric features other than 0 (River's), not every one met:
  // a prediction then costs what the row holds.
  bool naive_bayes_over_present = false;
};

// A Gaussian's density ratio in naive Bayes' evidence: N(0; 0, s) / N(0; 0, spread) squared, so
// spread / s with a smoothing s, else 2 pi spread (spread = variance + s > 0).
double density_ratio(double spread, double s);

// The class with the highest score; ties go to the lower rank, as the port's sorted class indexes.
uint32_t best_class(std::span<const double> scores, std::span<const uint32_t> rank);

class ClassLeaf {
 public:
  ClassLeaf() = default;
  explicit ClassLeaf(std::span<const double> initial_class_weights);
  // Out of line (class_leaf_state.cpp), as Vfdt's: leaves move at splits and loads, not per
  // example.
  ClassLeaf(const ClassLeaf& other);
  ClassLeaf(ClassLeaf&& other) noexcept;
  ClassLeaf& operator=(const ClassLeaf& other);
  ClassLeaf& operator=(ClassLeaf&& other) noexcept;
  ~ClassLeaf();

  void learn(std::span<const Feature> features, uint32_t class_index, double weight, const LeafContext& context);
  // log P(c) + sum over every feature (with context.naive_bayes_over_present, every feature
  // other than 0 in the row) of log P(x | c), up to a constant shared by all classes, for each
  // class into `votes`. As MOA's: a class this leaf has not learned since its split gets
  // no vote (-inf), unless the leaf has learned nothing at all (then the priors alone).
  void naive_bayes(std::span<const Feature> features, const LeafContext& context,
                   std::vector<double>& votes) const;
  uint32_t majority_class(const LeafContext& context) const;
  // The class with weight here whose label sorts first.
  uint32_t first_class(const LeafContext& context) const;
  // The features a split could test here, sorted: the nominal ones, and the numeric ones present
  // (not 0) in more than kMinBranchFraction of the weight learned here. A split on any other
  // sends at most that share of the examples away from the zeros, too few for a branch of its
  // own, though the Gaussians of a mostly-zero feature, much narrower than its spread, may
  // estimate otherwise; on 10^5-dimensional sparse rows weighing every feature met was most of
  // a split attempt's time.
  std::vector<uint32_t> split_candidates(const LeafContext& context);
  // "Do not split" first (pre-pruning), then the best split of each of `features` (from
  // split_candidates) in index order, as MOA lists them: the stable ordering of equal merits then
  // picks the same one.
  std::vector<SplitSuggestion> split_suggestions(SplitCriterion criterion, const LeafContext& context,
                                                 size_t split_points, std::span<const uint32_t> features) const;
  void deactivate();
  // Collects statistics again, from nothing, after deactivation to fit --max-bytes.
  void reactivate();
  // Renumbers the classes: class c becomes to[c] of `classes` (another model's dictionary), or
  // is forgotten where to[c] is kDroppedClass.
  void remap_classes(std::span<const uint32_t> to, size_t classes);

  double total_weight() const;
  // How many classes carry weight here: the range of information gain is log2 of it (MOA).
  size_t classes_present() const;
  // How many errors its majority class makes: the least promising leaves are deactivated first.
  double promise() const;
  size_t bytes() const;

  std::vector<double> class_weights;  // observed, inherited share included
  std::vector<double> seen;           // learned here: the total weight behind each class's observers
  double weight_at_last_attempt = 0;
  double majority_correct = 0;
  double naive_bayes_correct = 0;
  // Statistics inherited from the leaf this one was split from (Vfdt's slot, or kNotInherited),
  // and how often their naive Bayes has been right here.
  static constexpr uint32_t kNotInherited = UINT32_MAX;
  uint32_t inherited = kNotInherited;
  double inherited_correct = 0;
  // How often its tree's naive Bayes of the whole stream has been right here, or kNotHeld where
  // the leaf may not predict with it (below any count, so that it never wins a comparison).
  static constexpr double kNotHeld = -1;
  double global_correct = kNotHeld;
  bool holds_global() const { return global_correct != kNotHeld; }
  bool active = true;
  bool over_budget = false;  // inactive to fit --max-bytes, not pre-pruned: it may come back

  // Per class, the numeric features met here and their Gaussians (empty while inactive).
  const std::vector<ClassGaussians>& gaussians() const { return gaussians_; }
  // Per --nominal feature (fewer until the leaf has grown to all), the category weights.
  const std::vector<NominalCounts>& nominal_counts() const { return nominal_; }

  void save(ByteWriter& out) const;
  // `dimension` bounds the feature indexes the leaf may hold.
  Status load(ByteReader& in, size_t classes, size_t nominal_features, size_t dimension);

 private:
  // `row_smoothing`: with context.naive_bayes_over_present, the smoothing of each of `features`
  // (VarianceSmoothing::of_row), or empty for none.
  double numeric_log_likelihood(uint32_t class_index, std::span<const Feature> features,
                                std::span<const double> row_smoothing,
                                const LeafContext& context) const;
  // Each gets the entropy of the leaf's class weights (split_merit).
  std::optional<SplitSuggestion> numeric_split(uint32_t feature, SplitCriterion criterion,
                                               size_t split_points, double entropy_before) const;
  SplitSuggestion nominal_split(size_t slot, uint32_t feature, SplitCriterion criterion,
                                double entropy_before) const;
  void grow(size_t classes, size_t nominal_features);
  // The weight present above which one class's feature is listed in split_features_.
  double listed_above() const;
  bool lists_split_features() const {
    return listed_classes_ != 0 && listed_classes_ == class_weights.size();
  }

  // Every numeric feature that some class has met here in more than listed_above() of its weight:
  // some class must have for the classes together to pass split_candidates()'s test. learn()
  // lists a feature when it rises past that, split_candidates() drops those the rising total has
  // left behind (and repeats), and rebuilds it from the Gaussians when listed_classes_ is not the
  // class count (a new class lowers the mark; a new, loaded or remapped leaf has no list).
  // Not in bytes(): a model file does not keep it, and a resumed run must budget as one run
  // does. It is small: at most 100 C^2 times the features a row holds (each entry, per class,
  // holds more than 1/C of a hundredth of the leaf's weight).
  std::vector<uint32_t> split_features_;
  size_t listed_classes_ = 0;

  std::vector<ClassGaussians> gaussians_;  // [class]
  std::vector<NominalCounts> nominal_;     // one per --nominal feature
};

}  // namespace tinymlkit
