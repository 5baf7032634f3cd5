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

Status TreeStructure::load(ByteReader& in, size_t payloads, size_t features, uint32_t max_depth) {
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
    // A tree splits only on features its model has met. A test past them would size the exports'
    // per-feature tables by a number nothing bounds: a 17 KB forest file asked for gigabytes.
    if (!n.is_leaf() && n.test.feature >= features)
      return in.malformed("a split on a feature the model never met");
  }
  for (size_t i = 0; i < count; ++i)
    for (uint32_t child : nodes_[i].children)
      if (nodes_[child].depth != nodes_[i].depth + 1) return in.malformed("a tree node at the wrong depth");
  bytes_ = 0;
  steps_.clear();
  for (const Node& n : nodes_) {
    if (n.depth > max_depth) return in.malformed("a tree deeper than --max-depth " + std::to_string(max_depth));
    bytes_ += node_bytes(n);
    steps_.push_back(route_step_of(n));
  }
  return {};
}

// Iterative, with the work left in a stack: a deep tree's description must not need a deep
// machine stack (WAMR's fast-JIT gives wasm 16 KiB unless told otherwise).
void TreeStructure::describe(JsonWriter& out,
                             const std::function<void(JsonWriter&, uint32_t payload)>& leaf) const {
  enum class Action : uint8_t { kNode, kBranch, kAtOrBelow, kAbove, kEndObject, kEndArray };
  struct Step {
    Action action;
    uint32_t node;    // kNode: the node to describe; kBranch: the nominal node
    uint32_t branch;  // kBranch: which of its branches
  };
  std::vector<Step> todo{{Action::kNode, 0, 0}};
  while (!todo.empty()) {
    const Step step = todo.back();
    todo.pop_back();
    const Node& n = nodes_[step.node];
    switch (step.action) {
      case Action::kNode:
        if (n.is_leaf()) {
          leaf(out, n.payload);
          break;
        }
        out.field("feature", static_cast<uint64_t>(n.test.feature));
        if (n.test.nominal) {
          out.begin_array("branches");
          todo.push_back({Action::kEndArray, 0, 0});
          for (size_t b = n.children.size(); b-- > 0;) {  // pushed last to first: described first to last
            todo.push_back({Action::kEndObject, 0, 0});
            todo.push_back({Action::kNode, n.children[b], 0});
            todo.push_back({Action::kBranch, step.node, static_cast<uint32_t>(b)});
          }
          break;
        }
        out.field("threshold", n.test.threshold);
        todo.push_back({Action::kEndObject, 0, 0});
        todo.push_back({Action::kNode, n.children[1], 0});
        todo.push_back({Action::kAbove, 0, 0});
        todo.push_back({Action::kEndObject, 0, 0});
        todo.push_back({Action::kNode, n.children[0], 0});
        todo.push_back({Action::kAtOrBelow, 0, 0});
        break;
      case Action::kBranch:
        out.begin_object();
        out.field("category", n.test.categories[step.branch]);
        break;
      case Action::kAtOrBelow: out.begin_object("at_or_below"); break;
      case Action::kAbove: out.begin_object("above"); break;
      case Action::kEndObject: out.end_object(); break;
      case Action::kEndArray: out.end_array(); break;
    }
  }
}

}  // namespace tinymlkit
