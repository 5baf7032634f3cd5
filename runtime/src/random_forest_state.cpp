// tinymlkit-forest's state as a model file, a readable model and summary figures: what a run does
// once, so built for size in the .wasm modules (runtime/CMakeLists.txt).
#include "tinymlkit/random_forest.hpp"

#include "tinymlkit/leaf_budget.hpp"

namespace tinymlkit {

std::vector<SummaryFigure> RandomForest::summary_figures() const {
  return forest_.figures(bytes());  // the whole forest's bytes, background trees included
}

void RandomForest::save(ByteWriter& out) const {
  classes_.save(out);
  features_.save(out);
  out.u8(average_forests_ ? 1 : 0);
  forest_.save(out);
}

Status RandomForest::load(ByteReader& in) {
  TMK_TRY(classes_.load(in));
  class_rank_ = classes_.sorted_ranks();
  if (classes_.size() > static_cast<size_t>(config_.max_classes)) return in.malformed("more classes than --max-classes");
  TMK_TRY(features_.load(in, static_cast<size_t>(config_.max_features)));
  TMK_ASSIGN_OR_RETURN(uint8_t average, in.u8());
  average_forests_ = average != 0;
  TMK_TRY(forest_.load(in, [&](Vfdt& tree) {
    return tree.load(in, classes_.size(), config_.nominal.size(), features_.dimension(), settings_.max_depth);
  }));
  if (in.remaining() != 0) return in.malformed("bytes after the model state");
  predicted_.valid = false;
  settings_.max_bytes = tree_budget();
  return {};
}

void RandomForest::describe(JsonWriter& out) const {
  out.field("task", "classification");
  out.strings("classes", classes_.names());
  out.field("examples_learned", features_.count());
  for (const SummaryFigure& figure : summary_figures()) out.field(figure.key, figure.value);
  if (forest_.forests > 1) out.field("forests_combine_by", average_forests_ ? "mean_probability" : "majority_vote");
  out.begin_array("forest");  // forest by forest in an aggregate: --trees trees each
  for (const auto& member : forest_.members) {
    out.begin_object();
    out.field("accuracy_since_made", member.accuracy());
    out.field("background_tree", member.background.has_value());
    out.begin_object("tree");
    member.tree.describe(out, classes_, settings_);
    out.end_object();
    out.end_object();
  }
  out.end_array();
}

}  // namespace tinymlkit
