// tinymlkit-forest-regressor's state as a model file, a readable model and summary figures: what
// a run does once, so built for size in the .wasm modules (runtime/CMakeLists.txt).
#include "tinymlkit/forest_regressor.hpp"

#include <cmath>

namespace tinymlkit {

std::vector<SummaryFigure> ForestRegressor::summary_figures() const {
  return forest_.figures(bytes());  // the whole forest's bytes, background trees included
}

void ForestRegressor::save(ByteWriter& out) const {
  features_.save(out);
  save_moments(out, labels_);
  out.f64(shift_);
  out.str(aggregation_rule_name(combine_));
  out.u64(combine_byzantine_);
  forest_.save(out);
}

Status ForestRegressor::load(ByteReader& in) {
  TMK_TRY(features_.load(in, static_cast<size_t>(config_.max_features)));
  TMK_ASSIGN_OR_RETURN(labels_, load_moments(in));
  TMK_ASSIGN_OR_RETURN(shift_, in.f64());
  if (!(std::fabs(shift_) < kMaxMagnitude)) return in.malformed("a NaN, infinite or runaway label shift");
  TMK_ASSIGN_OR_RETURN(std::string combine, in.str());
  const auto rule = parse_aggregation_rule(combine);
  if (!rule) return in.malformed("an unknown ensemble rule");
  combine_ = *rule;
  TMK_ASSIGN_OR_RETURN(combine_byzantine_, in.u64());
  TMK_TRY(forest_.load(in, [&](RegressionTree& tree) {
    return tree.load(in, features_.dimension(), settings_.bins, settings_.max_depth);
  }));
  if (in.remaining() != 0) return in.malformed("bytes after the model state");
  predicted_.forget();
  settings_.max_bytes = tree_budget();
  return {};
}

void ForestRegressor::describe(JsonWriter& out) const {
  out.field("task", "regression");
  out.field("examples_learned", features_.count());
  for (const SummaryFigure& figure : summary_figures()) out.field(figure.key, figure.value);
  if (forest_.forests > 1) out.field("forests_combine_by", aggregation_rule_name(combine_));
  out.begin_array("forest");  // forest by forest in an aggregate: --trees trees each
  for (const auto& member : forest_.members) {
    out.begin_object();
    out.field("scaled_error_since_made", member.seen > 0 ? member.errors / member.seen : 0.0);
    out.field("background_tree", member.background.has_value());
    out.begin_object("tree");
    member.tree.describe(out, shift_, settings_);
    out.end_object();
    out.end_object();
  }
  out.end_array();
}

}  // namespace tinymlkit
