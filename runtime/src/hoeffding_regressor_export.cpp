// tinymlkit-hoeffding-regressor's --export-c and --export-onnx: the tree, or a federated round's
// client trees combined by the round's rule, through runtime/export/tree_regressor.h or
// regression_tree_onnx.
#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/hoeffding_regressor.hpp"
#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {

Result<RegressionTreeTables> HoeffdingRegressor::export_tables() const {
  RegressionTreeTables tables;
  tables.shift = shift_;
  if (trees_.size() > 1) add_round_rule(combine_, static_cast<size_t>(combine_byzantine_), trees_.size(), tables);  // a round's client trees
  for (const RegressionTree& tree : trees_) TMK_TRY(tree.flatten(settings_, features_.dimension() + 1, tables));
  add_standardization(features_, tables);
  return tables;
}

Result<std::string> HoeffdingRegressor::export_c(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const RegressionTreeTables tables, export_tables());
  const std::string_view vote = trees_.size() > 1 ? export_templates::kVoteRegressionMembers
                                                  : export_templates::kVoteRegressionTree;
  return regression_tree_c(tables, vote, program, writer);
}

Result<std::string> HoeffdingRegressor::export_onnx(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const RegressionTreeTables tables, export_tables());
  return regression_tree_onnx(tables, program, writer);
}

}  // namespace tinymlkit
