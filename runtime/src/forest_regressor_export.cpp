// tinymlkit-forest-regressor's --export-c and --export-onnx: the forest's trees (background trees
// never predict) and their mean or median (and a federated round's forests, by the round's rule),
// through runtime/export/tree_regressor.h or regression_tree_onnx.
#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/forest_regressor.hpp"
#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {

Result<RegressionTreeTables> ForestRegressor::export_tables() const {
  using Rule = RegressionTreeTables::Rule;
  RegressionTreeTables tables;
  tables.shift = shift_;
  tables.forests = forest_.forests;
  tables.forest_rule = config_.aggregation == ForestRegressorConfig::Aggregation::kMedian ? Rule::kMedian : Rule::kMean;
  // a federated round's client forests, combined as combined() does
  if (forest_.forests > 1) add_round_rule(combine_, static_cast<size_t>(combine_byzantine_), forest_.forests, tables);
  for (const auto& member : forest_.members) TMK_TRY(member.tree.flatten(settings_, features_.dimension() + 1, tables));
  add_standardization(features_, tables);
  return tables;
}

Result<std::string> ForestRegressor::export_c(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const RegressionTreeTables tables, export_tables());
  return regression_tree_c(tables, export_templates::kVoteRegressionForest, program, writer);
}

Result<std::string> ForestRegressor::export_onnx(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const RegressionTreeTables tables, export_tables());
  return regression_tree_onnx(tables, program, writer);
}

}  // namespace tinymlkit
