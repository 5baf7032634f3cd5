// Every tree's --export-onnx routing: the splits as one ai.onnx.ml TreeEnsembleRegressor whose
// target t is tree t's leaf number.
#include <utility>
#include <vector>

#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {
namespace {

// The ensemble's node attributes, node after node, and its leaves' targets.
struct EnsembleNodes {
  std::vector<int64_t> tree, node, feature, true_node, false_node;
  std::vector<std::string> mode;
  std::vector<double> threshold;
  std::vector<int64_t> target_tree, target_node, target;
  std::vector<double> leaf_number;

  void add(int64_t t, int64_t id, std::string node_mode, int64_t f, double value, int64_t if_true, int64_t if_false) {
    tree.push_back(t);
    node.push_back(id);
    mode.push_back(std::move(node_mode));
    feature.push_back(f);
    threshold.push_back(value);
    true_node.push_back(if_true);
    false_node.push_back(if_false);
  }
};

OnnxTensor doubles_tensor(std::vector<double> values) {
  OnnxTensor tensor;
  tensor.dims = {static_cast<int64_t>(values.size())};
  tensor.doubles = std::move(values);
  return tensor;
}

}  // namespace

Result<OnnxValue> onnx_tree_leaves(OnnxGraph& graph, const TreeSplits& splits) {
  // TreeEnsembleRegressor's output is float, which holds every integer below 2^24 exactly.
  if (splits.leaves >= (1u << 24))
    return fail(ExitCode::kUsage, "--export-onnx: the trees have more than 2^24 leaves, which ONNX's float output cannot number");
  EnsembleNodes nodes;
  for (size_t t = 0; t < splits.roots.size(); ++t) {
    const auto tree = static_cast<int64_t>(t);
    int64_t next_id = 1;
    // (where in the tables, the node's id in this tree), ids given as nodes are met
    std::vector<std::pair<uint32_t, int64_t>> pending{{splits.roots[t], 0}};
    while (!pending.empty()) {
      const auto [destination, id] = pending.back();
      pending.pop_back();
      if ((destination & TreeSplits::kLeaf) != 0) {
        nodes.add(tree, id, "LEAF", 0, 0.0, 0, 0);
        nodes.target_tree.push_back(tree);
        nodes.target_node.push_back(id);
        nodes.target.push_back(tree);
        nodes.leaf_number.push_back(static_cast<double>(destination & ~TreeSplits::kLeaf));
        continue;
      }
      const uint32_t n = destination;
      const int64_t feature = splits.split_feature[n];
      if (splits.branch_count[n] == 0) {  // x <= threshold goes below
        const int64_t below = next_id++, above = next_id++;
        nodes.add(tree, id, "BRANCH_LEQ", feature, splits.threshold[n], below, above);
        pending.emplace_back(splits.below[n], below);
        pending.emplace_back(splits.above[n], above);
        continue;
      }
      // A nominal split: one equality test per category met, in order, and then the leaf for a
      // category never met.
      int64_t test = id;
      for (uint32_t k = splits.branch_first[n]; k < splits.branch_first[n] + splits.branch_count[n]; ++k) {
        const int64_t branch = next_id++, otherwise = next_id++;
        nodes.add(tree, test, "BRANCH_EQ", feature, splits.branch_category[k], branch, otherwise);
        pending.emplace_back(splits.branch_to[k], branch);
        test = otherwise;
      }
      pending.emplace_back(splits.missing[n], test);
    }
  }
  const OnnxValue leaves = graph.add_ml("TreeEnsembleRegressor", {graph.input()});
  graph.attribute("n_targets", static_cast<int64_t>(splits.roots.size()));
  graph.attribute("nodes_treeids", std::move(nodes.tree));
  graph.attribute("nodes_nodeids", std::move(nodes.node));
  graph.attribute("nodes_featureids", std::move(nodes.feature));
  graph.attribute("nodes_modes", std::move(nodes.mode));
  graph.attribute("nodes_values_as_tensor", doubles_tensor(std::move(nodes.threshold)));
  graph.attribute("nodes_truenodeids", std::move(nodes.true_node));
  graph.attribute("nodes_falsenodeids", std::move(nodes.false_node));
  graph.attribute("target_treeids", std::move(nodes.target_tree));
  graph.attribute("target_nodeids", std::move(nodes.target_node));
  graph.attribute("target_ids", std::move(nodes.target));
  graph.attribute("target_weights_as_tensor", doubles_tensor(std::move(nodes.leaf_number)));
  return graph.cast(leaves, OnnxType::kInt64);
}

}  // namespace tinymlkit
