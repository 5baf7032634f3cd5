// tinymlkit-hoeffding-regressor's --export-c: the tree through runtime/export/tree_regressor.h.
#include "tinymlkit/hoeffding_regressor.hpp"

namespace tinymlkit {

Result<std::string> HoeffdingRegressor::export_c(std::string_view program, std::string_view writer) const {
  if (trees_.size() > 1)  // its rules (median, Krum, ...) are not written in C
    return fail(ExitCode::kUsage, "--export-c: an aggregated ensemble of regression trees cannot be written as C yet");
  RegressionTreeTables tables;
  tables.shift = shift_;
  TMK_TRY(trees_[0].flatten(settings_, features_.dimension() + 1, tables));
  add_standardization(features_, tables);
  return regression_tree_c(tables, program, writer);
}

}  // namespace tinymlkit
