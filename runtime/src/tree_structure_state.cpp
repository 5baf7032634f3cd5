// A tree's shape as a model file and a readable model: what a run does once, so built for size in
// the .wasm modules (runtime/CMakeLists.txt).
#include <cmath>

#include "tinymlkit/tree_structure.hpp"

namespace tinymlkit {

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
  bytes_ = 0;
  for (const Node& n : nodes_) {
    if (n.depth > max_depth) return in.malformed("a tree deeper than --max-depth " + std::to_string(max_depth));
    bytes_ += node_bytes(n);
  }
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
