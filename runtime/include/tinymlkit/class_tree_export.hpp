// A Hoeffding classification tree written as C (--export-c, runtime/export/tree_classifier.h):
// its splits and leaves flattened into the tables the header holds. Leaves predict what the
// program's leaves predict at the moment of the export: a leaf whose prediction does not depend
// on the example (its class distribution, or naive Bayes' priors alone) is stored as fixed
// probabilities; the others as naive Bayes' voters, one per class with a vote there.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

struct ClassTreeTables {
  uint32_t features = 0;  // how many values x holds: past every feature the model has met
  uint32_t root = 0;      // a split's number, or split count + a leaf's number
  std::vector<uint32_t> split_feature, below, above;
  std::vector<double> threshold;
  std::vector<uint32_t> leaf_first, leaf_voters;  // no voters: fixed probabilities from leaf_first
  std::vector<double> distribution;               // the fixed leaves' probabilities, classes each
  std::vector<uint32_t> voter_class, voter_first; // voter_first has one more: where the last ends
  std::vector<double> voter_prior;
  std::vector<uint32_t> gaussian_feature;
  std::vector<double> gaussian_mean, gaussian_variance;
  std::vector<double> smoothing;  // per feature
};

// The header for `tables` of a tree over `classes` (ties to the lower of `class_rank`).
Result<std::string> class_tree_c(const ClassTreeTables& tables, const LabelDictionary& classes,
                                 std::span<const uint32_t> class_rank, std::string_view program,
                                 std::string_view writer);

}  // namespace tinymlkit
