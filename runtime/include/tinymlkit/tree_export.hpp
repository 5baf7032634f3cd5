// Hoeffding trees written as C (--export-c): a tree, or a forest's or an ensemble's trees,
// flattened into the tables the header holds (runtime/export/tree_splits.h for the splits,
// tree_classifier.h and tree_regressor.h for the leaves and how the trees' outputs combine).
// Leaves predict what the program's leaves predict at the moment of the export.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/c_export.hpp"
#include "tinymlkit/function_ref.hpp"
#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/status.hpp"
#include "tinymlkit/tree_structure.hpp"

namespace tinymlkit {

// The trees' splits, numbered tree after tree, and where each tree starts.
struct TreeSplits {
  // Where a split sends x, or where a tree starts: a split's number, or kLeaf | a leaf's number.
  static constexpr uint32_t kLeaf = 0x80000000u;

  uint32_t features = 0;  // how many values x holds: past every feature the model has met
  uint32_t leaves = 0;
  std::vector<uint32_t> roots;  // one per tree
  std::vector<uint32_t> split_feature, below, above;
  std::vector<double> threshold;
  // Per split: a nominal split's branches (none for a numeric one), and the leaf for a category
  // it never met.
  std::vector<uint32_t> branch_first, branch_count, missing;
  std::vector<double> branch_category;
  std::vector<uint32_t> branch_to;
  bool nominal = false;  // some split is nominal
};

// Adds `tree`'s splits. In node order, calls `leaf` with each leaf's payload and `missing` with
// each nominal split's node; each call must add one leaf (the leaves' numbers follow the calls).
Status add_splits(const TreeStructure& tree, TreeSplits& out, FunctionRef<void(uint32_t payload)> leaf,
                  FunctionRef<void(uint32_t node)> missing);

struct ClassTreeTables {
  TreeSplits splits;
  std::vector<double> tree_weight;  // a forest's: each tree's weight in its forest's vote
  size_t forests = 1;               // a forest's: how many forests the trees make (federated: several)
  bool average = false;             // forests or members average their probabilities instead of voting
  // Per leaf: no voters, fixed probabilities from leaf_first (its class distribution, or naive
  // Bayes' priors alone); else naive Bayes over leaf_voters voters from leaf_first.
  std::vector<uint32_t> leaf_first, leaf_voters;
  std::vector<double> distribution;                // the fixed leaves' probabilities, classes each
  std::vector<uint32_t> voter_class, voter_first;  // voter_first has one more: where the last ends
  std::vector<double> voter_prior;
  std::vector<uint32_t> gaussian_feature;
  std::vector<double> gaussian_mean, gaussian_variance;
  std::vector<double> smoothing;  // per feature
  bool naive_bayes_over_present = false;  // LeafContext's
  // The --nominal features: a flag per feature, and per voter its term for each of them (entries
  // voter_entry_first[v] on): the term for 0, for each category met, and for any other.
  std::vector<uint32_t> nominal_flag, voter_entry_first;
  std::vector<uint32_t> entry_feature, entry_first, entry_count;
  std::vector<double> entry_zero, entry_other, entry_category, entry_term;
};

struct RegressionTreeTables {
  // How a forest's trees combine (its --aggregation).
  enum class Rule { kNone, kMedian, kMean };

  TreeSplits splits;
  size_t forests = 1;                // a forest's: how many forests the trees make (federated: several)
  Rule forest_rule = Rule::kNone;    // a forest's trees
  // A federated round's rule over its client trees or forests, and its F (--byzantine): what
  // aggregate() computes for one coordinate, falling back to the median where it refuses.
  std::optional<AggregationRule> round_rule;
  size_t round_byzantine = 0;
  double shift = 0;                  // added to the trees' output (before a round's rule for client trees)
  std::vector<double> feature_mean, feature_scale;  // the standardization of the linear leaves' input
  // Per leaf: its mean, or with leaf_weight_count > 0 a linear model at weights[leaf_first]: the
  // bias, then a weight per feature the leaf lists, in index order. weight_input says which
  // input each weight takes: 0 the bias, i + 1 feature i.
  std::vector<double> leaf_mean;
  std::vector<uint32_t> leaf_first, leaf_weight_count;
  std::vector<double> weights;
  std::vector<uint32_t> weight_input;
};

// The headers of classification trees over `classes` (ties go to the lower of `class_rank`),
// and of regression trees, whose outputs `vote` combines (runtime/export/vote_*.h: the one tree's,
// a forest's, or a federated ensemble's; a model passes only those it uses, so that its module
// carries no other).
Result<std::string> class_tree_c(const ClassTreeTables& tables, std::string_view vote, const LabelDictionary& classes,
                                 std::span<const uint32_t> class_rank, std::string_view program,
                                 std::string_view writer);
Result<std::string> regression_tree_c(const RegressionTreeTables& tables, std::string_view vote,
                                      std::string_view program, std::string_view writer);

// Fails, naming `option` (--export-c, --export-onnx), where a table holds a number that is not
// finite: an export cannot carry it.
Status check_finite(std::initializer_list<const std::vector<double>*> tables, std::string_view option);

// A header's tables: a field's name and its entries (one 0 where empty, as C has no empty arrays).
using IndexTable = std::pair<std::string_view, const std::vector<uint32_t>*>;
using NumberTable = std::pair<std::string_view, const std::vector<double>*>;

// The fields every tree header has (the splits' tables, PREAMBLE and SPLITS, the text of
// runtime/export/preamble.h and tree_splits.h) and the model's own tables, with INDEX_TYPE wide
// enough for every index. Fails where a number is not finite.
Status add_tree_fields(const TreeSplits& splits, std::span<const IndexTable> indexes,
                       std::span<const NumberTable> numbers, std::string_view program, std::string_view writer,
                       CTemplateValues& values);

}  // namespace tinymlkit
