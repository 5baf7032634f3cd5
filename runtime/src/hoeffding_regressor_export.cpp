// tinymlkit-hoeffding-regressor's --export-c and --export-onnx: the tree, or a federated round's
// client trees and their median or mean, through runtime/export/tree_regressor.h or
// regression_tree_onnx.
#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/hoeffding_regressor.hpp"
#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {

Result<RegressionTreeTables> HoeffdingRegressor::export_tables(std::string_view option,
                                                               std::string_view format) const {
  RegressionTreeTables tables;
  tables.shift = shift_;
  if (trees_.size() > 1) {  // a federated round's client trees, combined as predict() combines them
    if (combine_ != AggregationRule::kMedian && combine_ != AggregationRule::kMean)
      return fail(ExitCode::kUsage, std::string(option) + ": an aggregated ensemble of regression trees combined by " +
                                        std::string(aggregation_rule_name(combine_)) + " cannot be written as " +
                                        std::string(format) + " yet (median and mean can)");
    tables.round_rule = combine_ == AggregationRule::kMedian ? RegressionTreeTables::Rule::kMedian
                                                             : RegressionTreeTables::Rule::kMean;
  }
  for (const RegressionTree& tree : trees_) TMK_TRY(tree.flatten(settings_, features_.dimension() + 1, tables));
  add_standardization(features_, tables);
  return tables;
}

Result<std::string> HoeffdingRegressor::export_c(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const RegressionTreeTables tables, export_tables("--export-c", "C"));
  const std::string_view vote = trees_.size() > 1 ? export_templates::kVoteRegressionMembers
                                                  : export_templates::kVoteRegressionTree;
  return regression_tree_c(tables, vote, program, writer);
}

Result<std::string> HoeffdingRegressor::export_onnx(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const RegressionTreeTables tables, export_tables("--export-onnx", "ONNX"));
  return regression_tree_onnx(tables, program, writer);
}

}  // namespace tinymlkit
