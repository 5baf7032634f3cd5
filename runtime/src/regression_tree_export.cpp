// A RegressionTree as --export-c's tables (tree_export.hpp), and regression trees' tables as the C
// header of runtime/export/tree_regressor.h.
#include <algorithm>
#include <cmath>

#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/regression_tree.hpp"

namespace tinymlkit {

Status RegressionTree::flatten(const RegressionTreeSettings& settings, size_t z_size,
                               RegressionTreeTables& out) const {
  auto add_leaf = [&](uint32_t payload) {
    const RegressionLeaf& leaf = leaves_[payload];
    out.leaf_mean.push_back(leaf.mean());
    out.leaf_first.push_back(static_cast<uint32_t>(out.weights.size()));
    // leaf_prediction(): the mean, or the model's bias and its weights of the features it lists
    // within z (beyond, z is 0).
    const LeafModel& model = leaf.model();
    const size_t first = out.weights.size();
    if (linear(leaf, settings)) {
      out.weights.push_back(model.weights[0]);
      out.weight_input.push_back(0);
      for (size_t k = 0; k < model.features.size() && model.features[k] + 1 < z_size; ++k) {
        out.weights.push_back(model.weights[k + 1]);
        out.weight_input.push_back(model.features[k] + 1);
      }
    }
    out.leaf_weight_count.push_back(static_cast<uint32_t>(out.weights.size() - first));
  };
  auto no_missing = [](uint32_t /*node*/) {};  // a regression tree splits on numbers only
  return add_splits(structure_, out.splits, add_leaf, no_missing);
}

void add_standardization(const FeatureStatistics& features, RegressionTreeTables& out) {
  out.splits.features = std::max(out.splits.features, static_cast<uint32_t>(features.dimension()));
  out.feature_mean.assign(out.splits.features, 0.0);
  out.feature_scale.assign(out.splits.features, 0.0);
  for (size_t j = 0; j < features.dimension(); ++j) {
    out.feature_mean[j] = features.mean(j);
    out.feature_scale[j] = features.scale(j);
  }
}

void add_round_rule(AggregationRule rule, size_t byzantine, size_t clients, RegressionTreeTables& out) {
  out.round_rule = check_aggregation(rule, clients, byzantine) ? rule : AggregationRule::kMedian;
  out.round_byzantine = byzantine;
}

Result<std::string> regression_tree_c(const RegressionTreeTables& tables, std::string_view vote,
                                      std::string_view program, std::string_view writer) {
  const IndexTable indexes[] = {{"LEAF_FIRST", &tables.leaf_first},
                                {"LEAF_WEIGHT_COUNTS", &tables.leaf_weight_count},
                                {"WEIGHT_INPUTS", &tables.weight_input}};
  const NumberTable numbers[] = {{"FEATURE_MEANS", &tables.feature_mean},
                                 {"FEATURE_SCALES", &tables.feature_scale},
                                 {"LEAF_MEANS", &tables.leaf_mean},
                                 {"WEIGHTS", &tables.weights}};
  if (!std::isfinite(tables.shift)) return fail(ExitCode::kBadInput, "--export-c: the model holds numbers that are not finite");
  CTemplateValues values;
  TMK_TRY(add_tree_fields(tables.splits, indexes, numbers, program, writer, values));
  using Rule = RegressionTreeTables::Rule;
  const std::string round_name(tables.round_rule ? aggregation_rule_name(*tables.round_rule) : "none");
  values.fields.insert(values.fields.end(), {{"WEIGHT_SIZE", std::to_string(std::max<size_t>(tables.weights.size(), 1))},
                                             {"SHIFT", c_double(tables.shift)},
                                             {"FOREST_COUNT", std::to_string(tables.forests)},
                                             {"FOREST_RULE", tables.forest_rule == Rule::kMedian ? "median" : "mean"},
                                             {"ROUND_RULE", round_name}});
  if (tables.forest_rule != Rule::kNone)
    values.sections.emplace_back(tables.forest_rule == Rule::kMedian ? "forest_median" : "forest_mean");
  if (tables.forest_rule == Rule::kMedian || tables.round_rule) values.sections.emplace_back("median");
  if (tables.round_rule) {  // its function from round_rules.h, and the median it falls back to
    std::string section = round_name;
    std::replace(section.begin(), section.end(), '-', '_');
    CTemplateValues rule{{{"CLIPPING_STEPS", std::to_string(kClippingSteps)},
                          {"WEISZFELD_STEPS", std::to_string(kWeiszfeldMaxIterations)},
                          {"WEISZFELD_NU", c_double(kWeiszfeldNu)},
                          {"WEISZFELD_TOLERANCE", c_double(kWeiszfeldTolerance)}},
                         {section}};
    if (*tables.round_rule == AggregationRule::kCenteredClip || *tables.round_rule == AggregationRule::kGeometricMedian)
      rule.sections.emplace_back("distance");
    const size_t clients = tables.forest_rule != Rule::kNone ? tables.forests : tables.splits.roots.size();
    values.fields.insert(values.fields.end(),
                         {{"ROUND_CLIENTS", std::to_string(clients)},
                          {"ROUND_BYZANTINE", std::to_string(tables.round_byzantine)},
                          {"ROUND_RULE_C", render_c_template(export_templates::kRoundRules, rule)}});
    values.sections.emplace_back("round");
  }
  values.fields.emplace_back("VOTE", render_c_template(vote, values));
  return render_c_template(export_templates::kTreeRegressor, values);
}

}  // namespace tinymlkit
