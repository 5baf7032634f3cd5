// A Vfdt as --export-c's tables (class_tree_export.hpp), and those tables as the C header of
// runtime/export/tree_classifier.h.
#include <algorithm>
#include <cmath>

#include "tinymlkit/c_export.hpp"
#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/portable_math.hpp"
#include "tinymlkit/vfdt.hpp"

namespace tinymlkit {
namespace {

// Leaf k's naive Bayes voters, as ClassLeaf::naive_bayes scores them once it has learned: each
// class with weight and with examples learned here, its log prior and its Gaussians.
void add_voters(const ClassLeaf& leaf, ClassTreeTables& out) {
  const double total = leaf.total_weight();
  const std::vector<ClassGaussians>& gaussians = leaf.gaussians();
  for (uint32_t c = 0; c < leaf.class_weights.size(); ++c) {
    if (!(leaf.class_weights[c] > 0) || !(leaf.seen[c] > 0)) continue;
    out.voter_class.push_back(c);
    out.voter_prior.push_back(math::log(leaf.class_weights[c] / total));
    if (c < gaussians.size()) {
      const ClassGaussians& known = gaussians[c];
      for (size_t k = 0; k < known.features.size(); ++k) {
        out.gaussian_feature.push_back(known.features[k]);
        out.gaussian_mean.push_back(known.gaussians[k].mean(leaf.seen[c]));
        out.gaussian_variance.push_back(known.gaussians[k].variance(leaf.seen[c]));
      }
    }
    out.voter_first.push_back(static_cast<uint32_t>(out.gaussian_feature.size()));
  }
}

}  // namespace

Status Vfdt::flatten(const LeafContext& context, const VfdtSettings& settings, uint32_t dimension,
                     ClassTreeTables& out) const {
  out = ClassTreeTables{};
  std::vector<uint32_t> number(tree_.node_count());  // a node's number among the splits or the leaves
  uint32_t splits = 0, leaves = 0;
  for (uint32_t n = 0; n < tree_.node_count(); ++n) {
    const TreeStructure::Node& node = tree_.node(n);
    if (!node.is_leaf() && node.test.nominal)
      return fail(ExitCode::kUsage, "--export-c: a tree with nominal splits cannot be written as C yet");
    number[n] = node.is_leaf() ? leaves++ : splits++;
  }
  const auto destination = [&](uint32_t n) { return tree_.node(n).is_leaf() ? splits + number[n] : number[n]; };
  out.root = destination(0);
  out.features = dimension;
  out.voter_first.push_back(0);
  std::vector<double> votes, probabilities;
  for (uint32_t n = 0; n < tree_.node_count(); ++n) {
    const TreeStructure::Node& node = tree_.node(n);
    if (!node.is_leaf()) {
      out.split_feature.push_back(node.test.feature);
      out.threshold.push_back(node.test.threshold);
      out.below.push_back(destination(node.children[0]));
      out.above.push_back(destination(node.children[1]));
      out.features = std::max(out.features, node.test.feature + 1);
      continue;
    }
    const ClassLeaf& leaf = leaves_[node.payload];
    const bool learned = std::any_of(leaf.seen.begin(), leaf.seen.end(), [](double w) { return w > 0; });
    if (uses_naive_bayes(leaf, settings) && learned && leaf.total_weight() > 0) {
      out.leaf_first.push_back(static_cast<uint32_t>(out.voter_class.size()));
      add_voters(leaf, out);
      out.leaf_voters.push_back(static_cast<uint32_t>(out.voter_class.size()) - out.leaf_first.back());
      continue;
    }
    if (uses_naive_bayes(leaf, settings)) {  // the priors alone: the same for every example
      leaf.naive_bayes({}, context, votes);
      softmax(votes, probabilities);
    } else {
      normalize(leaf.class_weights, context.classes, probabilities);
    }
    out.leaf_first.push_back(static_cast<uint32_t>(out.distribution.size()));
    out.leaf_voters.push_back(0);
    out.distribution.insert(out.distribution.end(), probabilities.begin(), probabilities.end());
  }
  for (uint32_t feature : out.gaussian_feature) out.features = std::max(out.features, feature + 1);
  for (uint32_t j = 0; j < out.features; ++j)
    out.smoothing.push_back(context.smoothing != nullptr ? (*context.smoothing)(j) : 0.0);
  return {};
}

Result<std::string> class_tree_c(const ClassTreeTables& tables, const LabelDictionary& classes,
                                 std::span<const uint32_t> class_rank, std::string_view program,
                                 std::string_view writer) {
  using Integers = std::vector<uint32_t> ClassTreeTables::*;
  using Numbers = std::vector<double> ClassTreeTables::*;
  static constexpr std::pair<std::string_view, Integers> kIntegers[] = {
      {"SPLIT_FEATURES", &ClassTreeTables::split_feature}, {"BELOW", &ClassTreeTables::below},
      {"ABOVE", &ClassTreeTables::above},                  {"LEAF_FIRST", &ClassTreeTables::leaf_first},
      {"LEAF_VOTERS", &ClassTreeTables::leaf_voters},      {"VOTER_CLASSES", &ClassTreeTables::voter_class},
      {"VOTER_FIRST", &ClassTreeTables::voter_first},      {"GAUSSIAN_FEATURES", &ClassTreeTables::gaussian_feature}};
  static constexpr std::pair<std::string_view, Numbers> kNumbers[] = {
      {"THRESHOLDS", &ClassTreeTables::threshold},          {"DISTRIBUTION", &ClassTreeTables::distribution},
      {"VOTER_PRIORS", &ClassTreeTables::voter_prior},      {"GAUSSIAN_MEANS", &ClassTreeTables::gaussian_mean},
      {"GAUSSIAN_VARIANCES", &ClassTreeTables::gaussian_variance}, {"SMOOTHING", &ClassTreeTables::smoothing}};
  CTemplateValues values;
  uint32_t largest = std::max<uint32_t>(tables.features, static_cast<uint32_t>(classes.size()));
  for (const auto& [name, member] : kIntegers) {
    const std::vector<uint32_t>& indexes = tables.*member;
    for (uint32_t index : indexes) largest = std::max(largest, index);
    values.fields.emplace_back(name, c_integers(indexes.empty() ? std::vector<uint32_t>{0} : indexes));
  }
  for (const auto& [name, member] : kNumbers) {
    const std::vector<double>& numbers = tables.*member;
    if (!std::all_of(numbers.begin(), numbers.end(), [](double v) { return std::isfinite(v); }))
      return fail(ExitCode::kBadInput, "--export-c: the tree holds numbers that are not finite");
    values.fields.emplace_back(name, c_doubles(numbers.empty() ? std::vector<double>{0.0} : numbers));
  }
  std::string names;
  for (uint32_t c = 0; c < classes.size(); ++c) names += (c > 0 ? ", " : "") + c_string(classes.name(c));
  const auto count = [](size_t n) { return std::to_string(std::max<size_t>(n, 1)); };  // C has no empty arrays
  values.fields.insert(values.fields.end(),
                       {{"PROGRAM", std::string(program)},
                        {"WRITER", std::string(writer)},
                        {"FEATURES", std::to_string(tables.features)},
                        {"CLASS_COUNT", std::to_string(classes.size())},
                        {"SPLIT_COUNT", std::to_string(tables.split_feature.size())},
                        {"INDEX_TYPE", largest <= 0xffff ? "unsigned short" : "unsigned long"},
                        {"CLASS_NAMES", names},
                        {"CLASS_RANKS", c_integers(class_rank)},
                        {"ROOT", std::to_string(tables.root)},
                        {"LEAF_COUNT", count(tables.leaf_first.size())},
                        {"DISTRIBUTION_SIZE", count(tables.distribution.size())},
                        {"VOTER_SIZE", count(tables.voter_class.size())},
                        {"GAUSSIAN_SIZE", count(tables.gaussian_feature.size())},
                        {"MATH", render_c_template(export_templates::kPortableMath, {{}, {"exp", "log"}})}});
  return render_c_template(export_templates::kTreeClassifier, values);
}

}  // namespace tinymlkit
