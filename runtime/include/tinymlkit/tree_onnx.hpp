// Hoeffding trees as ONNX graphs (--export-onnx), from the tables --export-c writes
// (tree_export.hpp). ai.onnx.ml's TreeEnsembleRegressor routes each row to a leaf of every tree,
// with double thresholds and each leaf's number as its value; the leaves' parameters are then
// gathered by number, and standard operators compute what the program's leaves and votes compute.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/onnx_graph.hpp"
#include "tinymlkit/status.hpp"
#include "tinymlkit/tree_export.hpp"

namespace tinymlkit {

// How classification trees' probabilities combine: the one tree's; a forest's (tables.forests
// forests of weighted trees, which vote or average); or a federated round's client trees (which
// vote or average, and a tree that finds all classes alike abstains).
enum class ClassVote { kTree, kForest, kMembers };

// [rows, trees] int64: the number of the leaf each tree sends each row to.
Result<OnnxValue> onnx_tree_leaves(OnnxGraph& graph, const TreeSplits& splits);

// The graph of classification trees over `classes`, ties going to the lower of `class_rank`.
Result<std::string> class_tree_onnx(const ClassTreeTables& tables, ClassVote vote, const LabelDictionary& classes,
                                    std::span<const uint32_t> class_rank, std::string_view program,
                                    std::string_view writer);

// [rows, ..., 1, ...]: the median of `count` values along `axis`, picked as the program picks it.
OnnxValue onnx_median(OnnxGraph& graph, OnnxValue values, int64_t axis, size_t count);
// A federated round's `rule` with F = `byzantine` over [rows, clients] predictions, as
// aggregate() computes it for one coordinate: [rows, 1].
OnnxValue onnx_round_rule(OnnxGraph& graph, AggregationRule rule, size_t byzantine, OnnxValue values,
                          size_t clients);

// The graph of regression trees: the tree's value, a forest's, or a federated round's, as the
// tables' rules combine them.
Result<std::string> regression_tree_onnx(const RegressionTreeTables& tables, std::string_view program,
                                         std::string_view writer);

}  // namespace tinymlkit
