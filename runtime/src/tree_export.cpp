// What every tree's --export-c shares: the splits as tables, and the header fields they fill.
#include "tinymlkit/tree_export.hpp"

#include <algorithm>
#include <cmath>

#include "tinymlkit/export_templates.hpp"

namespace tinymlkit {

Status add_splits(const TreeStructure& tree, TreeSplits& out, FunctionRef<void(uint32_t payload)> leaf) {
  std::vector<uint32_t> number(tree.node_count());  // a node's number among the splits or the leaves
  auto splits = static_cast<uint32_t>(out.split_feature.size());
  for (uint32_t n = 0; n < tree.node_count(); ++n) {
    const TreeStructure::Node& node = tree.node(n);
    if (!node.is_leaf() && node.test.nominal)
      return fail(ExitCode::kUsage, "--export-c: a tree with nominal splits cannot be written as C yet");
    number[n] = node.is_leaf() ? TreeSplits::kLeaf | out.leaves++ : splits++;
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
    out.below.push_back(number[node.children[0]]);
    out.above.push_back(number[node.children[1]]);
    out.features = std::max(out.features, node.test.feature + 1);
  }
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
                              above = resolve(splits.above);
  std::vector<IndexTable> all_indexes{
      {"ROOTS", &roots}, {"SPLIT_FEATURES", &splits.split_feature}, {"BELOW", &below}, {"ABOVE", &above}};
  all_indexes.insert(all_indexes.end(), indexes.begin(), indexes.end());
  std::vector<NumberTable> all_numbers{{"THRESHOLDS", &splits.threshold}};
  all_numbers.insert(all_numbers.end(), numbers.begin(), numbers.end());
  uint32_t largest = splits.features;
  for (const auto& [name, table] : all_indexes) {
    for (uint32_t index : *table) largest = std::max(largest, index);
    values.fields.emplace_back(name, c_integers(table->empty() ? std::vector<uint32_t>{0} : *table));
  }
  for (const auto& [name, table] : all_numbers) {
    if (!std::all_of(table->begin(), table->end(), [](double v) { return std::isfinite(v); }))
      return fail(ExitCode::kBadInput, "--export-c: the model holds numbers that are not finite");
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
                        {"INDEX_TYPE", largest <= 0xffff ? "unsigned short" : "unsigned long"}});
  values.fields.emplace_back("PREAMBLE", render_c_template(export_templates::kPreamble, values));
  values.fields.emplace_back("SPLITS", render_c_template(export_templates::kTreeSplits, values));
  return {};
}

}  // namespace tinymlkit
