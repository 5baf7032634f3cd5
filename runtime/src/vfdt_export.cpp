// A Vfdt as --export-c's tables (tree_export.hpp), and classification trees' tables as the C
// header of runtime/export/tree_classifier.h.
#include <algorithm>
#include <limits>

#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/portable_math.hpp"
#include "tinymlkit/vfdt.hpp"

namespace tinymlkit {
namespace {

// A leaf's naive Bayes voters, as ClassLeaf::naive_bayes scores them once it has learned: each
// class with weight and with examples learned here, its log prior and its Gaussians.
void add_voters(const ClassLeaf& leaf, const LeafContext& context, ClassTreeTables& out) {
  const double total = leaf.total_weight();
  const std::vector<ClassGaussians>& gaussians = leaf.gaussians();
  for (uint32_t c = 0; c < leaf.class_weights.size(); ++c) {
    if (!(leaf.class_weights[c] > 0) || !(leaf.seen[c] > 0)) continue;
    out.voter_class.push_back(c);
    out.voter_prior.push_back(math::log(leaf.class_weights[c] / total));
    const double seen = leaf.seen[c];
    for (size_t slot = 0; slot < leaf.nominal_counts().size(); ++slot) {
      // Each term as naive_bayes() adds it for x's category: 0, each category met, or another.
      const NominalCounts& counts = leaf.nominal_counts()[slot];
      const auto term = [&](double category) { return counts.log_likelihood(category, c, seen); };
      out.entry_feature.push_back(context.nominal[slot]);
      out.entry_zero.push_back(term(0.0));
      out.entry_other.push_back(term(std::numeric_limits<double>::quiet_NaN()));  // a category never met
      out.entry_first.push_back(static_cast<uint32_t>(out.entry_category.size()));
      for (double category : counts.categories) {
        if (category == 0.0) continue;  // 0 is the zero term's
        out.entry_category.push_back(category);
        out.entry_term.push_back(term(category));
      }
      out.entry_count.push_back(static_cast<uint32_t>(out.entry_category.size()) - out.entry_first.back());
    }
    out.voter_entry_first.push_back(static_cast<uint32_t>(out.entry_feature.size()));
    if (c < gaussians.size()) {
      gaussians[c].for_each_by_index([&](uint32_t feature, const GaussianEstimator& gaussian) {
        out.gaussian_feature.push_back(feature);
        out.gaussian_mean.push_back(gaussian.mean(leaf.seen[c]));
        out.gaussian_variance.push_back(gaussian.variance(leaf.seen[c]));
      });
    }
    out.voter_first.push_back(static_cast<uint32_t>(out.gaussian_feature.size()));
  }
}

}  // namespace

Status Vfdt::flatten(const LeafContext& context, const VfdtSettings& settings, uint32_t dimension,
                     ClassTreeTables& out) const {
  out.splits.features = std::max(out.splits.features, dimension);
  if (out.voter_first.empty()) out.voter_first.push_back(0);
  if (out.voter_entry_first.empty()) out.voter_entry_first.push_back(0);
  std::vector<double> votes, probabilities;
  auto add_leaf = [&](uint32_t payload) {
    const ClassLeaf& leaf = leaves_[payload];
    const Voice said = voice(leaf, settings);
    const ClassLeaf& statistics = said == Voice::kInherited ? inherited_[leaf.inherited]
                                  : said == Voice::kGlobal  ? global_
                                                            : leaf;
    const bool learned =
        std::any_of(statistics.seen.begin(), statistics.seen.end(), [](double w) { return w > 0; });
    if (said != Voice::kMajority && learned && statistics.total_weight() > 0) {
      out.leaf_first.push_back(static_cast<uint32_t>(out.voter_class.size()));
      add_voters(statistics, context, out);
      out.leaf_voters.push_back(static_cast<uint32_t>(out.voter_class.size()) - out.leaf_first.back());
      return;
    }
    if (said != Voice::kMajority) {  // the priors alone: the same for every example
      statistics.naive_bayes({}, context, votes);
      softmax(votes, probabilities);
    } else {
      normalize(leaf.class_weights, context.classes, probabilities);
    }
    out.leaf_first.push_back(static_cast<uint32_t>(out.distribution.size()));
    out.leaf_voters.push_back(0);
    out.distribution.insert(out.distribution.end(), probabilities.begin(), probabilities.end());
  };
  auto add_missing = [&](uint32_t node) {  // a category the split never met: its class weights then (MOA)
    normalize(split_weights_[node], context.classes, probabilities);
    out.leaf_first.push_back(static_cast<uint32_t>(out.distribution.size()));
    out.leaf_voters.push_back(0);
    out.distribution.insert(out.distribution.end(), probabilities.begin(), probabilities.end());
  };
  TMK_TRY(add_splits(tree_, out.splits, add_leaf, add_missing));
  for (uint32_t feature : out.gaussian_feature) out.splits.features = std::max(out.splits.features, feature + 1);
  for (uint32_t feature : out.entry_feature) out.splits.features = std::max(out.splits.features, feature + 1);
  for (uint32_t feature : context.nominal) out.splits.features = std::max(out.splits.features, feature + 1);
  for (auto j = static_cast<uint32_t>(out.smoothing.size()); j < out.splits.features; ++j)
    out.smoothing.push_back(context.smoothing != nullptr ? (*context.smoothing)(j) : 0.0);
  out.naive_bayes_over_present = context.naive_bayes_over_present;
  out.nominal_flag.assign(out.splits.features, 0);
  for (uint32_t feature : context.nominal) out.nominal_flag[feature] = 1;
  return {};
}

Result<std::string> class_tree_c(const ClassTreeTables& tables, std::string_view vote, const LabelDictionary& classes,
                                 std::span<const uint32_t> class_rank, std::string_view program,
                                 std::string_view writer) {
  const std::vector<uint32_t> ranks(class_rank.begin(), class_rank.end());
  // Listed, not a number per feature index: the numeric features' smoothing where it is not 0,
  // and the nominal features.
  std::vector<uint32_t> smoothed_features, nominal_features;
  std::vector<double> smoothing;
  for (uint32_t i = 0; i < tables.smoothing.size(); ++i) {
    if (tables.nominal_flag[i] != 0) {
      nominal_features.push_back(i);
    } else if (tables.smoothing[i] != 0) {
      smoothed_features.push_back(i);
      smoothing.push_back(tables.smoothing[i]);
    }
  }
  const IndexTable indexes[] = {{"CLASS_RANKS", &ranks},
                                {"LEAF_FIRST", &tables.leaf_first},
                                {"LEAF_VOTERS", &tables.leaf_voters},
                                {"VOTER_CLASSES", &tables.voter_class},
                                {"VOTER_FIRST", &tables.voter_first},
                                {"GAUSSIAN_FEATURES", &tables.gaussian_feature},
                                {"SMOOTHED_FEATURES", &smoothed_features},
                                {"NOMINAL_FEATURES", &nominal_features},
                                {"VOTER_ENTRY_FIRST", &tables.voter_entry_first},
                                {"ENTRY_FEATURES", &tables.entry_feature},
                                {"ENTRY_FIRST", &tables.entry_first},
                                {"ENTRY_COUNTS", &tables.entry_count}};
  const NumberTable numbers[] = {{"DISTRIBUTION", &tables.distribution},
                                 {"VOTER_PRIORS", &tables.voter_prior},
                                 {"GAUSSIAN_MEANS", &tables.gaussian_mean},
                                 {"GAUSSIAN_VARIANCES", &tables.gaussian_variance},
                                 {"SMOOTHING", &smoothing},
                                 {"TREE_WEIGHTS", &tables.tree_weight},
                                 {"ENTRY_ZEROS", &tables.entry_zero},
                                 {"ENTRY_OTHERS", &tables.entry_other},
                                 {"ENTRY_CATEGORIES", &tables.entry_category},
                                 {"ENTRY_TERMS", &tables.entry_term}};
  CTemplateValues values;
  TMK_TRY(add_tree_fields(tables.splits, indexes, numbers, program, writer, values));
  std::string names;
  for (uint32_t c = 0; c < classes.size(); ++c) names += (c > 0 ? ", " : "") + c_string(classes.name(c));
  const auto count = [](size_t n) { return std::to_string(std::max<size_t>(n, 1)); };  // C has no empty arrays
  values.fields.insert(
      values.fields.end(),
      {{"CLASS_COUNT", std::to_string(classes.size())},
       {"CLASS_NAMES", names},
       {"FOREST_COUNT", std::to_string(tables.forests)},
       {"AVERAGE", tables.average ? "1" : "0"},
       {"DISTRIBUTION_SIZE", count(tables.distribution.size())},
       {"VOTER_SIZE", count(tables.voter_class.size())},
       {"GAUSSIAN_SIZE", count(tables.gaussian_feature.size())},
       {"ENTRY_SIZE", count(tables.entry_feature.size())},
       {"CATEGORY_SIZE", count(tables.entry_category.size())},
       {"SMOOTHED_COUNT", std::to_string(smoothing.size())},
       {"NB_OVER_PRESENT", tables.naive_bayes_over_present ? "1" : "0"},
       {"SMOOTHED_SIZE", count(smoothing.size())},
       {"NOMINAL_COUNT", std::to_string(nominal_features.size())},
       {"NOMINAL_SIZE", count(nominal_features.size())},
       {"MATH", render_c_template(export_templates::kPortableMath, {{}, {"exp", "log"}})}});
  values.fields.emplace_back("VOTE", render_c_template(vote, values));
  return render_c_template(export_templates::kTreeClassifier, values);
}

}  // namespace tinymlkit
