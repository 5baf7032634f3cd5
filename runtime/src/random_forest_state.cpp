// tinymlkit-forest's state as a model file, a readable model and summary figures: what a run does
// once, so built for size in the .wasm modules (runtime/CMakeLists.txt).
#include "tinymlkit/random_forest.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/leaf_budget.hpp"

namespace tinymlkit {

std::vector<SummaryFigure> RandomForest::summary_figures() const {
  std::vector<SummaryFigure> figures = members_[0].tree.figures();
  for (size_t m = 1; m < members_.size(); ++m) add_member_figures(figures, members_[m].tree.figures());
  figures.back().value = static_cast<double>(bytes());  // the whole forest's, background trees included
  size_t backgrounds = 0;
  for (const Member& member : members_) backgrounds += member.background ? 1 : 0;
  figures.push_back({"trees", static_cast<double>(members_.size())});
  figures.push_back({"members", static_cast<double>(forests_ > 1 ? forests_ : 0)});  // the client forests of an aggregate
  figures.push_back({"background_trees", static_cast<double>(backgrounds)});
  figures.push_back({"warnings", static_cast<double>(warnings_)});
  figures.push_back({"drifts", static_cast<double>(drifts_)});
  figures.push_back({"swaps", static_cast<double>(swaps_)});
  figures.push_back({"resets", static_cast<double>(resets_)});
  return figures;
}

void RandomForest::save(ByteWriter& out) const {
  classes_.save(out);
  features_.save(out);
  out.u64(random_.state());
  out.u64(warnings_);
  out.u64(drifts_);
  out.u64(swaps_);
  out.u64(resets_);
  out.u64(forests_);
  out.u8(average_forests_ ? 1 : 0);
  out.u64(members_.size());
  for (const Member& member : members_) {
    out.u64(member.seed);
    member.tree.save(out);
    out.u8(member.background ? 1 : 0);
    if (member.background) {
      out.u64(member.background_seed);
      member.background->save(out);
    }
    member.warning.save(out);
    member.drift.save(out);
    out.f64(member.correct);
    out.f64(member.seen);
  }
}

Status RandomForest::load(ByteReader& in) {
  TMK_TRY(classes_.load(in));
  class_rank_ = classes_.sorted_ranks();
  if (classes_.size() > static_cast<size_t>(config_.max_classes)) return in.malformed("more classes than --max-classes");
  TMK_TRY(features_.load(in));
  if (features_.dimension() > static_cast<size_t>(config_.max_features))
    return in.malformed("more features than --max-features");
  TMK_ASSIGN_OR_RETURN(uint64_t state, in.u64());
  random_ = SplitMix64(state);
  TMK_ASSIGN_OR_RETURN(warnings_, in.u64());
  TMK_ASSIGN_OR_RETURN(drifts_, in.u64());
  TMK_ASSIGN_OR_RETURN(swaps_, in.u64());
  TMK_ASSIGN_OR_RETURN(resets_, in.u64());
  if (swaps_ + resets_ != drifts_) return in.malformed("drift counts that do not add up");
  TMK_ASSIGN_OR_RETURN(uint64_t forests, in.u64());
  TMK_ASSIGN_OR_RETURN(uint8_t average, in.u8());
  average_forests_ = average != 0;
  TMK_ASSIGN_OR_RETURN(size_t members, in.count(40));
  if (forests == 0 || forests > members || members % forests != 0 || members / forests != static_cast<size_t>(config_.trees))
    return in.malformed("a forest with another number of trees than --trees");
  forests_ = static_cast<size_t>(forests);
  members_.resize(std::min(members_.size(), members));
  while (members_.size() < members) members_.push_back(blank_member(0));  // seeds are loaded next
  const auto load_tree = [&](Vfdt& tree) {
    return tree.load(in, classes_.size(), config_.nominal.size(), features_.dimension(), settings_.max_depth);
  };
  for (Member& member : members_) {
    TMK_ASSIGN_OR_RETURN(member.seed, in.u64());
    member.tree = Vfdt(member.seed);
    TMK_TRY(load_tree(member.tree));
    TMK_ASSIGN_OR_RETURN(uint8_t has_background, in.u8());
    member.background.reset();
    if (has_background != 0) {
      TMK_ASSIGN_OR_RETURN(member.background_seed, in.u64());
      TMK_TRY(load_tree(member.background.emplace(member.background_seed)));
    }
    TMK_TRY(member.warning.load(in));
    TMK_TRY(member.drift.load(in));
    TMK_ASSIGN_OR_RETURN(member.correct, in.f64());
    TMK_ASSIGN_OR_RETURN(member.seen, in.f64());
    if (!(member.correct >= 0 && member.correct <= member.seen && std::isfinite(member.seen)))
      return in.malformed("a tree's record with impossible counts");
  }
  if (in.remaining() != 0) return in.malformed("bytes after the model state");
  settings_.max_bytes = tree_budget();
  return {};
}

void RandomForest::describe(JsonWriter& out) const {
  out.field("task", "classification");
  out.begin_array("classes");
  for (const std::string& name : classes_.names()) out.value(name);
  out.end_array();
  out.field("examples_learned", features_.count());
  for (const SummaryFigure& figure : summary_figures()) out.field(figure.key, figure.value);
  if (forests_ > 1) out.field("forests_combine_by", average_forests_ ? "mean_probability" : "majority_vote");
  out.begin_array("forest");  // forest by forest in an aggregate: --trees trees each
  for (const Member& member : members_) {
    out.begin_object();
    out.field("accuracy_since_made", member.seen > 0 ? member.correct / member.seen : 0.0);
    out.field("background_tree", member.background.has_value());
    out.begin_object("tree");
    member.tree.describe(out, classes_, settings_);
    out.end_object();
    out.end_object();
  }
  out.end_array();
}

}  // namespace tinymlkit
