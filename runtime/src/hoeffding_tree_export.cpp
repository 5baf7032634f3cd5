// tinymlkit-hoeffding's --export-c and --export-onnx: the main tree (a background tree never
// predicts), or a federated ensemble's members, through runtime/export/tree_classifier.h or
// class_tree_onnx.
#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/hoeffding_tree.hpp"
#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {

Result<ClassTreeTables> HoeffdingTree::export_tables(std::string_view option) const {
  if (classes_.size() == 0) return fail(ExitCode::kUsage, std::string(option) + ": the tree has not learned a class yet");
  ClassTreeTables tables;
  tables.splits.nominal = !config_.nominal.empty();  // naive Bayes counts their categories
  const auto dimension = static_cast<uint32_t>(features_.dimension());
  if (members_.empty()) {
    TMK_TRY(main_.flatten(context(), settings_, dimension, tables));
  } else {  // a federated round's ensemble: its members predict, not main_
    tables.average = average_members_;
    for (const Vfdt& member : members_) TMK_TRY(member.flatten(context(), settings_, dimension, tables));
  }
  return tables;
}

Result<std::string> HoeffdingTree::export_c(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const ClassTreeTables tables, export_tables("--export-c"));
  const std::string_view vote = members_.empty() ? export_templates::kVoteTree : export_templates::kVoteMembers;
  return class_tree_c(tables, vote, classes_, class_rank_, program, writer);
}

Result<std::string> HoeffdingTree::export_onnx(std::string_view program, std::string_view writer) const {
  TMK_ASSIGN_OR_RETURN(const ClassTreeTables tables, export_tables("--export-onnx"));
  return class_tree_onnx(tables, members_.empty() ? ClassVote::kTree : ClassVote::kMembers, classes_, class_rank_,
                         program, writer);
}

}  // namespace tinymlkit
