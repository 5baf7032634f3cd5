// tinymlkit-forest's --export-c and --export-onnx: every forest's trees (background trees never
// predict) and their weights in the vote, through runtime/export/tree_classifier.h or
// class_tree_onnx.
#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/random_forest.hpp"
#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {

Result<ClassTreeTables> RandomForest::export_tables(std::string_view option) const {
  if (classes_.size() == 0) return fail(ExitCode::kUsage, std::string(option) + ": the forest has not learned a class yet");
  ClassTreeTables tables;
  tables.splits.nominal = !config_.nominal.empty();  // naive Bayes counts their categories
  tables.forests = forest_.forests;
  tables.average = average_forests_;
  for (const auto& member : forest_.members) {
    TMK_TRY(member.tree.flatten(context(), settings_, static_cast<uint32_t>(features_.dimension()), tables));
    const double accuracy = member.accuracy();  // as predict() weighs the tree's probabilities
    tables.tree_weight.push_back(config_.weighted_vote && accuracy > 0 ? accuracy : 1.0);
  }
  return tables;
}

Result<std::string> RandomForest::export_c(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const ClassTreeTables tables, export_tables("--export-c"));
  return class_tree_c(tables, export_templates::kVoteForest, classes_, class_rank_, program, writer);
}

Result<std::string> RandomForest::export_onnx(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const ClassTreeTables tables, export_tables("--export-onnx"));
  return class_tree_onnx(tables, ClassVote::kForest, classes_, class_rank_, program, writer);
}

}  // namespace tinymlkit
