// tinymlkit-forest-regressor's --export-c and --export-onnx: the forest's trees (background trees
// never predict) and their mean or median (and a federated round's forests, by median or mean),
// through runtime/export/tree_regressor.h or regression_tree_onnx.
#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/forest_regressor.hpp"
#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {

Result<RegressionTreeTables> ForestRegressor::export_tables(std::string_view option, std::string_view format) const {
  using Rule = RegressionTreeTables::Rule;
  RegressionTreeTables tables;
  tables.shift = shift_;
  tables.forests = forest_.forests;
  tables.forest_rule = config_.aggregation == ForestRegressorConfig::Aggregation::kMedian ? Rule::kMedian : Rule::kMean;
  tables.round_rule = Rule::kMedian;  // unused for one forest
  if (forest_.forests > 1) {  // a federated round's client forests, combined as combined() does
    if (combine_ != AggregationRule::kMedian && combine_ != AggregationRule::kMean)
      return fail(ExitCode::kUsage, std::string(option) + ": an aggregated ensemble of forests combined by " +
                                        std::string(aggregation_rule_name(combine_)) + " cannot be written as " +
                                        std::string(format) + " yet (median and mean can)");
    tables.round_rule = combine_ == AggregationRule::kMedian ? Rule::kMedian : Rule::kMean;
  }
  for (const auto& member : forest_.members) TMK_TRY(member.tree.flatten(settings_, features_.dimension() + 1, tables));
  add_standardization(features_, tables);
  return tables;
}

Result<std::string> ForestRegressor::export_c(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const RegressionTreeTables tables, export_tables("--export-c", "C"));
  return regression_tree_c(tables, export_templates::kVoteRegressionForest, program, writer);
}

Result<std::string> ForestRegressor::export_onnx(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const RegressionTreeTables tables, export_tables("--export-onnx", "ONNX"));
  return regression_tree_onnx(tables, program, writer);
}

}  // namespace tinymlkit
