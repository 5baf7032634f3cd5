// tinymlkit-forest-regressor's --export-c: the forest's trees (background trees never predict)
// and their mean or median, through runtime/export/tree_regressor.h.
#include "tinymlkit/forest_regressor.hpp"

namespace tinymlkit {

Result<std::string> ForestRegressor::export_c(std::string_view program, std::string_view writer) const {
  if (forest_.forests > 1)  // the rules that combine a round's forests (median, Krum, ...) are not written in C
    return fail(ExitCode::kUsage, "--export-c: an aggregated ensemble of forests cannot be written as C yet");
  RegressionTreeTables tables;
  tables.shift = shift_;
  tables.median = config_.aggregation == ForestRegressorConfig::Aggregation::kMedian;
  for (const auto& member : forest_.members) TMK_TRY(member.tree.flatten(settings_, features_.dimension() + 1, tables));
  add_standardization(features_, tables);
  return regression_tree_c(tables, program, writer);
}

}  // namespace tinymlkit
