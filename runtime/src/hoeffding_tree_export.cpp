// tinymlkit-hoeffding's --export-c: the main tree (a background tree never predicts) through
// runtime/export/tree_classifier.h.
#include "tinymlkit/hoeffding_tree.hpp"

namespace tinymlkit {

Result<std::string> HoeffdingTree::export_c(std::string_view program, std::string_view writer) const {
  if (classes_.size() == 0) return fail(ExitCode::kUsage, "--export-c: the tree has not learned a class yet");
  if (!members_.empty())
    return fail(ExitCode::kUsage, "--export-c: an aggregated ensemble of trees cannot be written as C yet");
  if (!config_.nominal.empty())
    return fail(ExitCode::kUsage, "--export-c: a tree with --nominal features cannot be written as C yet");
  VarianceSmoothing smoothing;  // what context() binds before each prediction
  smoothing.bind(features_, config_.variance_smoothing);
  const LeafContext context{classes_.size(), config_.nominal, is_nominal_, &smoothing, class_rank_};
  ClassTreeTables tables;
  TMK_TRY(main_.flatten(context, settings_, static_cast<uint32_t>(features_.dimension()), tables));
  return class_tree_c(tables, classes_, class_rank_, program, writer);
}

}  // namespace tinymlkit
