// What every tree's --export-c shares: the splits as tables, and the header fields they fill.
#include "tinymlkit/tree_export.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/export_templates.hpp"

namespace tinymlkit {

Status add_splits(const TreeStructure& tree, TreeSplits& out, FunctionRef<void(uint32_t payload)> leaf,
                  FunctionRef<void(uint32_t node)> missing) {
  std::vector<uint32_t> number(tree.node_count());  // a node's number among the splits or the leaves
  std::vector<uint32_t> missing_leaf(tree.node_count());
  auto splits = static_cast<uint32_t>(out.split_feature.size());
  for (uint32_t n = 0; n < tree.node_count(); ++n) {  // numbered in the order of the calls below
    const TreeStructure::Node& node = tree.node(n);
    number[n] = node.is_leaf() ? TreeSplits::kLeaf | out.leaves++ : splits++;
    if (!node.is_leaf() && node.test.nominal) missing_leaf[n] = TreeSplits::kLeaf | out.leaves++;
  }
  out.roots.push_back(number[0]);
  for (uint32_t n = 0; n < tree.node_count(); ++n) {
    const TreeStructure::Node& node = tree.node(n);
    if (node.is_leaf()) {
      leaf(node.payload);
      continue;
    }
    out.split_feature.push_back(node.test.feature);
    out.threshold.push_back(node.test.threshold);
    out.features = std::max(out.features, node.test.feature + 1);
    out.branch_first.push_back(static_cast<uint32_t>(out.branch_to.size()));
    if (!node.test.nominal) {
      out.below.push_back(number[node.children[0]]);
      out.above.push_back(number[node.children[1]]);
      out.branch_count.push_back(0);
      out.missing.push_back(0);
      continue;
    }
    out.nominal = true;
    out.below.push_back(0);
    out.above.push_back(0);
    out.branch_count.push_back(static_cast<uint32_t>(node.children.size()));
    out.missing.push_back(missing_leaf[n]);
    out.branch_category.insert(out.branch_category.end(), node.test.categories.begin(), node.test.categories.end());
    for (uint32_t child : node.children) out.branch_to.push_back(number[child]);
    missing(n);
  }
  return {};
}

Status check_finite(std::initializer_list<const std::vector<double>*> tables, std::string_view option) {
  for (const std::vector<double>* table : tables)
    if (!std::all_of(table->begin(), table->end(), [](double v) { return std::isfinite(v); }))
      return fail(ExitCode::kBadInput, std::string(option) + ": the model holds numbers that are not finite");
  return {};
}

Status add_tree_fields(const TreeSplits& splits, std::span<const IndexTable> indexes,
                       std::span<const NumberTable> numbers, std::string_view program, std::string_view writer,
                       CTemplateValues& values) {
  const auto split_count = static_cast<uint32_t>(splits.split_feature.size());
  const auto resolve = [&](std::vector<uint32_t> destinations) {  // leaves are numbered after the splits
    for (uint32_t& d : destinations)
      if ((d & TreeSplits::kLeaf) != 0) d = split_count + (d & ~TreeSplits::kLeaf);
    return destinations;
  };
  const std::vector<uint32_t> roots = resolve(splits.roots), below = resolve(splits.below),
                              above = resolve(splits.above), missing = resolve(splits.missing),
                              branch_to = resolve(splits.branch_to);
  std::vector<IndexTable> all_indexes{{"ROOTS", &roots},
                                      {"SPLIT_FEATURES", &splits.split_feature},
                                      {"BELOW", &below},
                                      {"ABOVE", &above},
                                      {"BRANCH_FIRST", &splits.branch_first},
                                      {"BRANCH_COUNT", &splits.branch_count},
                                      {"MISSING", &missing},
                                      {"BRANCH_TO", &branch_to}};
  all_indexes.insert(all_indexes.end(), indexes.begin(), indexes.end());
  std::vector<NumberTable> all_numbers{{"THRESHOLDS", &splits.threshold}, {"BRANCH_CATEGORIES", &splits.branch_category}};
  all_numbers.insert(all_numbers.end(), numbers.begin(), numbers.end());
  uint32_t largest = splits.features;
  for (const auto& [name, table] : all_indexes) {
    for (uint32_t index : *table) largest = std::max(largest, index);
    values.fields.emplace_back(name, c_integers(table->empty() ? std::vector<uint32_t>{0} : *table));
  }
  for (const auto& [name, table] : all_numbers) {
    TMK_TRY(check_finite({table}, "--export-c"));
    values.fields.emplace_back(name, c_doubles(table->empty() ? std::vector<double>{0.0} : *table));
  }
  values.fields.insert(values.fields.end(),
                       {{"PROGRAM", std::string(program)},
                        {"WRITER", std::string(writer)},
                        {"WHAT", roots.size() == 1 ? "the trained Hoeffding tree" : "the trained Hoeffding trees"},
                        {"FEATURES", std::to_string(splits.features)},
                        {"SPLIT_COUNT", std::to_string(split_count)},
                        {"TREE_COUNT", std::to_string(roots.size())},
                        {"LEAF_COUNT", std::to_string(std::max<uint32_t>(splits.leaves, 1))},
                        {"BRANCH_SIZE", std::to_string(std::max<size_t>(splits.branch_to.size(), 1))},
                        {"INDEX_TYPE", largest <= 0xffff ? "unsigned short" : "unsigned long"}});
  values.fields.emplace_back("PREAMBLE", render_c_template(export_templates::kPreamble, values));
  values.sections.emplace_back(splits.nominal ? "nominal" : "numeric");
  values.fields.emplace_back("SPLITS", render_c_template(export_templates::kTreeSplits, values));
  return {};
}

}  // namespace tinymlkit
