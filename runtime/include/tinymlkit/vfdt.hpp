// One Very Fast Decision Tree: its shape, its leaves' statistics and how it grows. A leaf
// attempts a split every grace period; it splits when the Hoeffding bound says its best split
// beats the second best (MOA's VFDT) or not splitting (the Hoeffding Anytime Tree), or the bound
// fell below the tie threshold, and stops collecting when not splitting is best (pre-pruning) or
// the tree outgrows its memory budget, as in MOA. The leaves a split makes may predict with the
// split leaf's naive Bayes (VfdtSettings::inherit_naive_bayes) or the whole stream's
// (VfdtSettings::global_naive_bayes).
// tinymlkit-hoeffding holds one (and a background one while a drift is suspected).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tinymlkit/class_leaf.hpp"
#include "tinymlkit/tree_export.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/json_writer.hpp"
#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/leaf_budget.hpp"
#include "tinymlkit/random_subspace.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/tree_structure.hpp"

namespace tinymlkit {

enum class LeafPrediction { kMajority, kNaiveBayes, kAdaptive };

// A leaf's two ways to class probabilities: naive Bayes' log votes normalized (all classes alike
// when none has a chance), or its class weights normalized over `classes`.
void softmax(std::span<const double> log_votes, std::vector<double>& out);
void normalize(std::span<const double> weights, size_t classes, std::vector<double>& out);

struct VfdtSettings {
  SplitCriterion criterion;
  LeafPrediction leaf_prediction;
  double grace_period;
  double split_confidence;
  double tie_threshold;
  double nb_threshold;
  size_t split_points;
  uint32_t max_depth;
  size_t max_bytes;
  std::optional<FeatureCount> subspace;  // a random forest's: how many features each leaf considers
  // When set: each split's information gain less its chance gain (chance_information_gain) on
  // the examples behind its weight, the weight divided by this: 1 for a single tree. Online
  // bagging's Poisson(lambda) weights repeat examples, they add no information: in a forest a
  // weight W holds about W / (1 + lambda) examples' worth (Kish's effective sample size).
  std::optional<double> weight_per_example;
  // The Hoeffding Anytime Tree's split test (Manapragada et al. 2018): the best split against not
  // splitting, where the VFDT's holds it against the second best.
  bool anytime_split = false;
  // With LeafPrediction::kAdaptive: the leaves a split makes may predict with the split leaf's
  // naive Bayes, its prior included (the new leaves' class weights as prior counted the split
  // feature twice). Those statistics go on learning every example the leaves inheriting them
  // learn, and the leaves keep them until their own predictors have been right as often.
  // Without them every split restarted naive Bayes from nothing, and a tree that split early
  // lost to one that did not (the shared streams' small tables: soybean 14.8 points, digits 5.0,
  // dna 4.4 behind).
  bool inherit_naive_bayes = false;
  // With LeafPrediction::kAdaptive: the tree keeps a naive Bayes of every example it learns (the
  // root's, had it never split), and the leaves a split makes may predict with it, until their
  // own predictors have been right as often. Each leaf's naive Bayes fits the Gaussians of its
  // own cell; a class boundary that naive Bayes fits whole (a hyperplane) it fits worse in a
  // cell, where the features' class distributions are cut off: on such a stream of 10^6 rows a
  // tree of 2 leaves beat one of 400 by 0.8 points, and a young background tree replaced a main
  // tree that had grown no worse than it should.
  bool global_naive_bayes = false;
};

class Vfdt {
 public:
  // A leaf's opinions of an example, for NB adaptive bookkeeping: its majority class, its naive
  // Bayes, its inherited statistics' naive Bayes (kNoOpinion where it inherited none) and the
  // whole stream's (kNoOpinion where it does not hold it).
  static constexpr uint32_t kNoOpinion = UINT32_MAX;
  struct Opinions {
    uint32_t majority;
    uint32_t naive_bayes;
    uint32_t inherited = kNoOpinion;
    uint32_t global = kNoOpinion;
  };
  // What predict() saw, so that learning the same example next need not look again.
  struct Prediction {
    uint32_t node;
    Opinions opinions;
  };

  Vfdt() = default;
  // A tree whose split attempts draw random subspaces (VfdtSettings::subspace) from this seed,
  // which the caller keeps: a model file stores it beside the tree.
  explicit Vfdt(uint64_t subspace_seed) : subspace_seed_(subspace_seed) {}
  // Out of line (vfdt_state.cpp): a tree is copied, moved and dropped at swaps, rounds and loads,
  // and inlined at each, its vectors of leaves were kilobytes of every .wasm module.
  Vfdt(const Vfdt& other);
  Vfdt(Vfdt&& other) noexcept;
  Vfdt& operator=(const Vfdt& other);
  Vfdt& operator=(Vfdt&& other) noexcept;
  ~Vfdt();

  // Class probabilities for the example; `votes` is scratch.
  Prediction predict(std::span<const Feature> features, const LeafContext& context, const VfdtSettings& settings,
                     std::vector<double>& votes, std::vector<double>& probabilities) const;
  // `seen` is predict()'s result for this very example, when there was one.
  void learn(std::span<const Feature> features, uint32_t class_index, double weight, const LeafContext& context,
             const VfdtSettings& settings, const Prediction* seen, std::vector<double>& votes);

  // Renumbers the classes: class c becomes to[c] of `classes` (another model's dictionary).
  void remap_classes(std::span<const uint32_t> to, size_t classes);
  // Deactivates the least promising leaves until the tree fits in `budget` bytes, or brings
  // leaves deactivated for memory back where it fits and `bring_back` allows.
  void enforce_memory_limit(size_t budget, BringBack bring_back);
  size_t bytes() const;
  std::vector<SummaryFigure> figures() const;
  void save(ByteWriter& out) const;
  Status load(ByteReader& in, size_t classes, size_t nominal_features, size_t dimension, uint32_t max_depth);
  void describe(JsonWriter& out, const LabelDictionary& classes, const VfdtSettings& settings) const;
  // Adds the tree to --export-c's tables, for x of at least `dimension` values. Fails on a nominal split.
  Status flatten(const LeafContext& context, const VfdtSettings& settings, uint32_t dimension,
                 ClassTreeTables& out) const;

 private:
  // In the order of their names in the readable model (vfdt_state.cpp).
  enum class Voice { kMajority, kNaiveBayes, kInherited, kGlobal };
  // `votes` ends holding the log votes of the naive Bayes the leaf predicts with, if it does.
  Opinions opinions(const ClassLeaf& leaf, std::span<const Feature> features, const LeafContext& context,
                    const VfdtSettings& settings, std::vector<double>& votes) const;
  Voice voice(const ClassLeaf& leaf, const VfdtSettings& settings) const;
  void attempt_split(uint32_t node, const LeafContext& context, const VfdtSettings& settings);
  // The statistics the leaves made by splitting `leaf` inherit: those it still relies on (learn()
  // lets them go, just before a split attempt, once its own predictors have been right as
  // often), else its own, in a free slot.
  uint32_t bequeath(ClassLeaf& leaf);
  void release_inherited(ClassLeaf& leaf);
  // Lets the leaf's inherited and global naive Bayes go.
  void release_borrowed(ClassLeaf& leaf);

  TreeStructure tree_;
  std::vector<ClassLeaf> leaves_ = std::vector<ClassLeaf>(1);  // the payloads of the tree's leaves
  uint64_t deactivated_ = 0;
  uint64_t subspace_seed_ = 0;
  // [node]: a multiway nominal split's class weights when it was made, which predict for a
  // category it never met (MOA); empty for every other node.
  std::vector<std::vector<double>> split_weights_;
  // Split leaves' statistics that leaves inherited (ClassLeaf::inherited), and how many leaves
  // hold each; a slot no leaf holds is empty and taken by the next split. (Two vectors, not one
  // of pairs: the .wasm modules then reuse the code of leaves_'s vector.)
  std::vector<ClassLeaf> inherited_;
  std::vector<uint32_t> heirs_;
  // Every example's statistics, for the leaves that predict with the whole stream's naive Bayes
  // (ClassLeaf::global_correct); learned only with VfdtSettings::global_naive_bayes.
  ClassLeaf global_;
};

}  // namespace tinymlkit
