// tinymlkit-hoeffding's construction, and its state as a model file, a readable model and
// summary figures: what a run does once, so built for size in the .wasm modules
// (runtime/CMakeLists.txt).
#include "tinymlkit/hoeffding_tree.hpp"
#include "tinymlkit/vfdt_settings.hpp"

namespace tinymlkit {
namespace {

// The single tree's settings: the forest's shared ones, a chance-corrected gain on examples of
// weight 1, and the two choices only the single tree offers.
VfdtSettings tree_settings(const HoeffdingConfig& config) {
  VfdtSettings settings =
      vfdt_settings_of(config, static_cast<size_t>(config.max_bytes), std::nullopt,
                       config.chance_corrected_gain ? std::optional<double>(1.0) : std::nullopt);
  switch (config.split_test) {
    case HoeffdingConfig::SplitTest::kAnytime:
      settings.anytime_split = true;
      break;
    case HoeffdingConfig::SplitTest::kVfdt:
      settings.anytime_split = false;
      break;
  }
  settings.inherit_naive_bayes = config.inherit_naive_bayes;
  // Only NB adaptive chooses between predictors: otherwise the statistics would go unused.
  settings.global_naive_bayes =
      config.global_naive_bayes && settings.leaf_prediction == LeafPrediction::kAdaptive;
  return settings;
}

void save_events(ByteWriter& out, const std::vector<uint64_t>& events) {
  out.u64(events.size());
  for (uint64_t at : events) out.u64(at);
}

Status load_events(ByteReader& in, std::vector<uint64_t>& events) {
  TMK_ASSIGN_OR_RETURN(size_t kept, in.count(8));
  if (kept > HoeffdingTree::kEventsKept) return in.malformed("more drift events kept than a model keeps");
  events.assign(kept, 0);
  for (uint64_t& at : events) {
    TMK_ASSIGN_OR_RETURN(at, in.u64());
  }
  return {};
}

void describe_events(JsonWriter& out, std::string_view name, const std::vector<uint64_t>& events) {
  out.begin_array(name);
  for (uint64_t at : events) out.value(static_cast<double>(at));
  out.end_array();
}

}  // namespace

HoeffdingTree::HoeffdingTree(const HoeffdingConfig& config,
                             uint64_t /*seed: the tree is deterministic*/)
    : config_(config),
      settings_(tree_settings(config)),
      contest_(config.swap_confidence, 0),
      detector_(config.drift_confidence) {
  for (const std::string& label : config_.classes) classes_.add(label);
  class_rank_ = classes_.sorted_ranks();
  if (!config_.nominal.empty()) {
    is_nominal_.assign(config_.nominal.back() + size_t{1}, 0);
    for (uint32_t j : config_.nominal) is_nominal_[j] = 1;
  }
}

std::vector<SummaryFigure> HoeffdingTree::summary_figures() const {
  std::vector<SummaryFigure> figures = members_.empty() ? main_.figures() : members_[0].figures();
  for (size_t m = 1; m < members_.size(); ++m) add_member_figures(figures, members_[m].figures());
  figures.back().value = static_cast<double>(bytes());  // the whole model's, not the tree's alone
  figures.push_back({"drifts", static_cast<double>(drifts_)});
  figures.push_back({"swaps", static_cast<double>(swaps_)});
  figures.push_back({"resets", static_cast<double>(resets_)});
  figures.push_back({"members", static_cast<double>(members_.size())});
  return figures;
}

void HoeffdingTree::save(ByteWriter& out) const {
  classes_.save(out);
  features_.save(out);
  detector_.save(out);
  out.u64(drifts_);
  out.u64(swaps_);
  out.u64(resets_);
  save_events(out, alarmed_at_);
  save_events(out, swapped_at_);
  out.u64(main_examples_);
  main_.save(out);
  out.u8(background_ ? 1 : 0);
  if (background_) {
    background_->save(out);
    contest_.save(out);
  }
  out.u64(members_.size());
  for (const Vfdt& member : members_) member.save(out);
  out.f64s(member_correct_);
  out.u8(average_members_ ? 1 : 0);
}

Status HoeffdingTree::load(ByteReader& in) {
  TMK_TRY(classes_.load(in));
  class_rank_ = classes_.sorted_ranks();
  if (classes_.size() > static_cast<size_t>(config_.max_classes)) return in.malformed("more classes than --max-classes");
  TMK_TRY(features_.load(in, static_cast<size_t>(config_.max_features)));
  TMK_TRY(detector_.load(in));
  TMK_ASSIGN_OR_RETURN(drifts_, in.u64());
  TMK_ASSIGN_OR_RETURN(swaps_, in.u64());
  TMK_ASSIGN_OR_RETURN(resets_, in.u64());
  TMK_TRY(load_events(in, alarmed_at_));
  TMK_TRY(load_events(in, swapped_at_));
  TMK_ASSIGN_OR_RETURN(main_examples_, in.u64());
  TMK_TRY(main_.load(in, classes_.size(), config_.nominal.size(), features_.dimension(), settings_.max_depth));
  TMK_ASSIGN_OR_RETURN(uint8_t has_background, in.u8());
  background_.reset();
  if (has_background != 0) {
    TMK_TRY(background_.emplace().load(in, classes_.size(), config_.nominal.size(), features_.dimension(), settings_.max_depth));
    TMK_TRY(contest_.load(in));
  }
  TMK_ASSIGN_OR_RETURN(size_t members, in.count(40));
  members_.assign(members, Vfdt());
  for (Vfdt& member : members_) TMK_TRY(member.load(in, classes_.size(), config_.nominal.size(), features_.dimension(), settings_.max_depth));
  TMK_ASSIGN_OR_RETURN(member_correct_, in.f64s());
  if (member_correct_.size() != members_.size()) return in.malformed("an ensemble without its members' scores");
  TMK_ASSIGN_OR_RETURN(uint8_t average, in.u8());
  average_members_ = average != 0;
  if (in.remaining() != 0) return in.malformed("bytes after the model state");
  return {};
}

void HoeffdingTree::describe(JsonWriter& out) const {
  out.field("task", "classification");
  out.strings("classes", classes_.names());
  out.field("examples_learned", features_.count());
  for (const SummaryFigure& figure : summary_figures()) out.field(figure.key, figure.value);
  out.field("background_tree", background_.has_value());
  describe_events(out, "drift_alarms_at_examples", alarmed_at_);
  describe_events(out, "swapped_at_examples", swapped_at_);
  if (members_.empty()) {
    out.begin_object("tree");
    main_.describe(out, classes_, settings_);
    out.end_object();
    return;
  }
  out.field("ensemble_combines_by", average_members_ ? "mean_probability" : "majority_vote");
  out.begin_array("ensemble");
  for (const Vfdt& member : members_) {
    out.begin_object();
    member.describe(out, classes_, settings_);
    out.end_object();
  }
  out.end_array();
}

}  // namespace tinymlkit
