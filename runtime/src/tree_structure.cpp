#include "tinymlkit/tree_structure.hpp"

#include <algorithm>
#include <cmath>

namespace tinymlkit {

double feature_value(std::span<const Feature> features, uint32_t index) {
  const auto found = std::lower_bound(features.begin(), features.end(), index,
                                      [](const Feature& f, uint32_t i) { return f.index < i; });
  return found != features.end() && found->index == index ? found->value : 0.0;
}

TreeStructure::TreeStructure(uint32_t root_payload) {
  nodes_.push_back(Node{0, root_payload, {}, {}});
}

TreeStructure::Route TreeStructure::route(std::span<const Feature> features) const {
  uint32_t index = 0;
  while (!nodes_[index].is_leaf()) {
    const Node& n = nodes_[index];
    const double x = feature_value(features, n.test.feature);
    if (!n.test.nominal) {
      index = n.children[x <= n.test.threshold ? 0 : 1];
      continue;
    }
    const auto found = std::find(n.test.categories.begin(), n.test.categories.end(), x);
    if (found == n.test.categories.end()) return {index, true, x};
    index = n.children[static_cast<size_t>(found - n.test.categories.begin())];
  }
  return {index, false, 0.0};
}

void TreeStructure::split(uint32_t leaf, SplitTest test, std::span<const uint32_t> payloads) {
  const uint32_t depth = nodes_[leaf].depth + 1;
  std::vector<uint32_t> children;
  for (uint32_t payload : payloads) {
    children.push_back(static_cast<uint32_t>(nodes_.size()));
    nodes_.push_back(Node{depth, payload, {}, {}});
  }
  nodes_[leaf].test = std::move(test);
  nodes_[leaf].children = std::move(children);
  nodes_[leaf].payload = kNone;
}

uint32_t TreeStructure::add_branch(uint32_t split_node, double category, uint32_t payload) {
  const uint32_t leaf = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(Node{nodes_[split_node].depth + 1, payload, {}, {}});
  nodes_[split_node].test.categories.push_back(category);
  nodes_[split_node].children.push_back(leaf);
  return leaf;
}

size_t TreeStructure::leaf_count() const {
  return static_cast<size_t>(std::count_if(nodes_.begin(), nodes_.end(), [](const Node& n) { return n.is_leaf(); }));
}

uint32_t TreeStructure::depth() const {
  uint32_t deepest = 0;
  for (const Node& n : nodes_) deepest = std::max(deepest, n.depth);
  return deepest;
}

size_t TreeStructure::bytes() const {
  size_t total = 0;
  for (const Node& n : nodes_) total += kNodeBytes + 4 * n.children.size() + 8 * n.test.categories.size();
  return total;
}

void TreeStructure::save(ByteWriter& out) const {
  out.u64(nodes_.size());
  for (const Node& n : nodes_) {
    out.u32(n.depth);
    out.u32(n.payload);
    out.u32(n.test.feature);
    out.u8(n.test.nominal ? 1 : 0);
    out.f64(n.test.threshold);
    out.f64s(n.test.categories);
    out.u64(n.children.size());
    for (uint32_t child : n.children) out.u32(child);
  }
}

Status TreeStructure::load(ByteReader& in, size_t payloads, uint32_t max_depth) {
  TMK_ASSIGN_OR_RETURN(size_t count, in.count(29));
  if (count == 0) return in.malformed("a tree without a root");
  nodes_.assign(count, Node{});
  for (size_t i = 0; i < count; ++i) {
    Node& n = nodes_[i];
    TMK_ASSIGN_OR_RETURN(n.depth, in.u32());
    TMK_ASSIGN_OR_RETURN(n.payload, in.u32());
    TMK_ASSIGN_OR_RETURN(n.test.feature, in.u32());
    TMK_ASSIGN_OR_RETURN(uint8_t nominal, in.u8());
    n.test.nominal = nominal != 0;
    TMK_ASSIGN_OR_RETURN(n.test.threshold, in.f64());
    TMK_ASSIGN_OR_RETURN(n.test.categories, in.f64s());
    TMK_ASSIGN_OR_RETURN(size_t children, in.count(4));
    n.children.resize(children);
    for (uint32_t& child : n.children) {
      TMK_ASSIGN_OR_RETURN(child, in.u32());
      // Children come after their parent: no cycles, every node reachable once.
      if (child <= i || child >= count) return in.malformed("a tree node with a bad child");
    }
    const size_t expected_children = n.test.nominal ? n.test.categories.size() : 2;
    if (n.is_leaf() ? n.payload >= payloads : n.children.size() != expected_children)
      return in.malformed("a tree node that does not fit its test or payloads");
    if (!n.is_leaf() && std::isnan(n.test.threshold)) return in.malformed("a NaN split threshold");
  }
  for (size_t i = 0; i < count; ++i)
    for (uint32_t child : nodes_[i].children)
      if (nodes_[child].depth != nodes_[i].depth + 1) return in.malformed("a tree node at the wrong depth");
  for (const Node& n : nodes_)
    if (n.depth > max_depth) return in.malformed("a tree deeper than --max-depth " + std::to_string(max_depth));
  return {};
}

void TreeStructure::describe(JsonWriter& out,
                             const std::function<void(JsonWriter&, uint32_t payload)>& leaf) const {
  describe_node(out, 0, leaf);
}

// Recursion here is bounded by the tree's depth, which --max-depth caps.
void TreeStructure::describe_node(JsonWriter& out, uint32_t index,
                                  const std::function<void(JsonWriter&, uint32_t payload)>& leaf) const {
  const Node& n = nodes_[index];
  if (n.is_leaf()) {
    leaf(out, n.payload);
    return;
  }
  out.field("feature", static_cast<uint64_t>(n.test.feature));
  if (n.test.nominal) {
    out.begin_array("branches");
    for (size_t b = 0; b < n.children.size(); ++b) {
      out.begin_object();
      out.field("category", n.test.categories[b]);
      describe_node(out, n.children[b], leaf);
      out.end_object();
    }
    out.end_array();
    return;
  }
  out.field("threshold", n.test.threshold);
  out.begin_object("at_or_below");
  describe_node(out, n.children[0], leaf);
  out.end_object();
  out.begin_object("above");
  describe_node(out, n.children[1], leaf);
  out.end_object();
}

}  // namespace tinymlkit
