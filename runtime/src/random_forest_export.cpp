// tinymlkit-forest's --export-c: every forest's trees (background trees never predict) and their
// weights in the vote, through runtime/export/tree_classifier.h.
#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/random_forest.hpp"

namespace tinymlkit {

Result<std::string> RandomForest::export_c(std::string_view program, std::string_view writer) const {
  if (classes_.size() == 0) return fail(ExitCode::kUsage, "--export-c: the forest has not learned a class yet");
  ClassTreeTables tables;
  tables.splits.nominal = !config_.nominal.empty();  // naive Bayes counts their categories
  tables.forests = forest_.forests;
  tables.average = average_forests_;
  for (const auto& member : forest_.members) {
    TMK_TRY(member.tree.flatten(context(), settings_, static_cast<uint32_t>(features_.dimension()), tables));
    const double accuracy = member.accuracy();  // as predict() weighs the tree's probabilities
    tables.tree_weight.push_back(config_.weighted_vote && accuracy > 0 ? accuracy : 1.0);
  }
  return class_tree_c(tables, export_templates::kVoteForest, classes_, class_rank_, program, writer);
}

}  // namespace tinymlkit
