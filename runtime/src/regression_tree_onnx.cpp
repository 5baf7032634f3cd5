// Regression trees as an ONNX graph (tree_onnx.hpp): each leaf's mean or linear model over the
// standardized features, gathered by the leaf numbers that the routing gives, then a forest's
// median or mean and a federated round's rule (round_rule_onnx.cpp), plus the model's shift,
// each sum added in the program's order.
#include <algorithm>
#include <vector>

#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {
namespace {

using Rule = RegressionTreeTables::Rule;

// A forest's trees' median or mean along `axis` (the sum then divided, as the template computes it).
OnnxValue forest_rule(OnnxGraph& graph, Rule rule, OnnxValue values, int64_t axis, size_t count) {
  if (rule == Rule::kMedian) return onnx_median(graph, values, axis, count);
  return graph.add(
      "Div", {graph.sum_in_order(values, axis, count), graph.scalar(static_cast<double>(count))});
}

// [rows, trees]: each tree's leaf value for each row, in the label's units less the shift. The
// leaves' weights are a table over the inputs some leaf weighs (the bias, then features in index
// order), 0 where a leaf does not list one: its sum adds zeros between the program's terms, in
// the program's order. Over every input column, one row with a high feature index made it
// leaves times that index.
OnnxValue leaf_values(OnnxGraph& graph, const RegressionTreeTables& tables, OnnxValue leaves) {
  const size_t leaf_count = tables.leaf_mean.size();
  std::vector<int64_t> inputs(tables.weight_input.begin(), tables.weight_input.end());
  inputs.push_back(0);  // the bias, even where no leaf is linear: a table needs a column
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  const size_t columns = inputs.size();
  std::vector<double> weights(leaf_count * columns, 0.0), linear(leaf_count, 0.0);
  for (size_t leaf = 0; leaf < leaf_count; ++leaf) {
    linear[leaf] = tables.leaf_weight_count[leaf] > 0 ? 1.0 : 0.0;
    for (size_t k = tables.leaf_first[leaf];
         k < tables.leaf_first[leaf] + tables.leaf_weight_count[leaf]; ++k) {
      const auto column =
          std::lower_bound(inputs.begin(), inputs.end(), int64_t{tables.weight_input[k]}) -
          inputs.begin();
      weights[leaf * columns + static_cast<size_t>(column)] = tables.weights[k];
    }
  }
  const auto L = static_cast<int64_t>(leaf_count), F = static_cast<int64_t>(tables.splits.features),
             C = static_cast<int64_t>(columns);
  // z = [1, (x - mean) / scale, 0 where the scale is 0]: [rows, 1, z_size]
  std::vector<double> scale(tables.feature_scale), scaled(tables.feature_scale.size());
  for (size_t i = 0; i < scale.size(); ++i) {
    scaled[i] = scale[i] > 0 ? 1.0 : 0.0;
    if (!(scale[i] > 0)) scale[i] = 1.0;
  }
  const OnnxValue standardized =
      graph.add("Div", graph.add("Sub", graph.input(), graph.doubles({F}, tables.feature_mean)),
                graph.doubles({F}, scale));
  const OnnxValue used = graph.add("Greater", graph.doubles({F}, scaled), graph.scalar(0.0));
  const OnnxValue features = graph.add("Where", used, standardized, graph.scalar(0.0));
  const OnnxValue z = graph.along("Concat", {graph.per_row(graph.doubles({1}, {1.0}), {1}), features}, 1);
  const OnnxValue weighed = graph.along("Gather", {z, graph.integers({C}, inputs)}, 1);
  const OnnxValue products =
      graph.add("Mul", graph.add("Gather", graph.doubles({L, C}, weights), leaves),
                graph.add("Unsqueeze", weighed, graph.integer(1)));
  const OnnxValue model =
      graph.add("Squeeze", graph.sum_in_order(products, 2, columns), graph.integer(2));
  const OnnxValue is_linear = graph.add(
      "Greater", {graph.add("Gather", graph.doubles({L}, linear), leaves), graph.scalar(0.0)});
  return graph.add("Where", is_linear, model,
                   graph.add("Gather", graph.doubles({L}, tables.leaf_mean), leaves));
}

}  // namespace

Result<std::string> regression_tree_onnx(const RegressionTreeTables& tables, std::string_view program,
                                         std::string_view writer) {
  const std::vector<double> shift_table{tables.shift};
  TMK_TRY(check_finite({&tables.splits.threshold, &tables.feature_mean, &tables.feature_scale, &tables.leaf_mean,
                        &tables.weights, &shift_table},
                       "--export-onnx"));
  OnnxGraph graph(tables.splits.features);
  TMK_ASSIGN_OR_RETURN(const OnnxValue leaves, onnx_tree_leaves(graph, tables.splits));
  const OnnxValue trees = leaf_values(graph, tables, leaves);
  const OnnxValue shift = graph.scalar(tables.shift);
  const size_t tree_count = tables.splits.roots.size();
  OnnxValue estimate = 0;
  if (tables.forest_rule != Rule::kNone) {  // each forest's trees, then a round's forests
    const size_t forests = tables.forests, per_forest = tree_count / forests;
    const OnnxValue by_forest = graph.add(
        "Reshape", trees,
        graph.integers({3}, {-1, static_cast<int64_t>(forests), static_cast<int64_t>(per_forest)}));
    const OnnxValue forest = forest_rule(graph, tables.forest_rule, by_forest, 2, per_forest);  // [rows, forests, 1]
    const OnnxValue all =
        graph.add("Reshape", forest, graph.integers({2}, {-1, static_cast<int64_t>(forests)}));
    const OnnxValue combined =
        tables.round_rule ? onnx_round_rule(graph, *tables.round_rule, tables.round_byzantine, all, forests) : all;
    estimate = graph.add("Add", shift, combined);
  } else if (tables.round_rule) {  // a round's client trees, each with the shift
    estimate = onnx_round_rule(graph, *tables.round_rule, tables.round_byzantine,
                               graph.add("Add", shift, trees), tree_count);
  } else {
    estimate = graph.add("Add", shift, trees);
  }
  graph.output(estimate, "variable", OnnxType::kDouble, {-1, 1});
  return encode_onnx(graph, program, writer,
                     tree_count == 1 ? "the trained Hoeffding regression tree" : "the trained Hoeffding regression trees");
}

}  // namespace tinymlkit
