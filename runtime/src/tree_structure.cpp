#include "tinymlkit/tree_structure.hpp"

#include <algorithm>
#include <cmath>

namespace tinymlkit {

// A dense row holds feature j at place j, where it is read without a search: the search's
// branches, which the CPU cannot predict, were a third of the regression tree's mispredicted
// branches on a dense stream (valgrind --branch-sim). Out of line, because route() calls it twice
// and the forest's .wasm module has no room for two copies.
[[gnu::noinline]] double feature_value(std::span<const Feature> features, uint32_t index) {
  if (index < features.size() && features[index].index == index) return features[index].value;
  const auto found = std::lower_bound(features.begin(), features.end(), index,
                                      [](const Feature& f, uint32_t i) { return f.index < i; });
  return found != features.end() && found->index == index ? found->value : 0.0;
}

TreeStructure::TreeStructure(uint32_t root_payload) {
  nodes_.push_back(Node{0, root_payload, {}, {}});
  steps_.push_back(RouteStep{});
  bytes_ = node_bytes(nodes_.back());
}

TreeStructure::RouteStep TreeStructure::route_step_of(const Node& n) {
  if (n.is_leaf() || n.test.nominal) return RouteStep{};
  return RouteStep{n.test.threshold, n.test.feature, n.children[0], n.children[1]};
}

TreeStructure::Route TreeStructure::route(std::span<const Feature> features) const {
  uint32_t index = 0;
  for (;;) {
    const RouteStep& step = steps_[index];
    if (step.left != kNone) {
      index = feature_value(features, step.feature) <= step.threshold ? step.left : step.right;
      continue;
    }
    const Node& n = nodes_[index];
    if (n.is_leaf()) return {index, false, 0.0};
    const double x = feature_value(features, n.test.feature);
    const auto found = std::find(n.test.categories.begin(), n.test.categories.end(), x);
    if (found == n.test.categories.end()) return {index, true, x};
    index = n.children[static_cast<size_t>(found - n.test.categories.begin())];
  }
}

void TreeStructure::split(uint32_t leaf, SplitTest test, std::span<const uint32_t> payloads) {
  const uint32_t depth = nodes_[leaf].depth + 1;
  std::vector<uint32_t> children;
  for (uint32_t payload : payloads) {
    children.push_back(static_cast<uint32_t>(nodes_.size()));
    nodes_.push_back(Node{depth, payload, {}, {}});
    steps_.push_back(RouteStep{});
    bytes_ += node_bytes(nodes_.back());
  }
  bytes_ -= node_bytes(nodes_[leaf]);
  nodes_[leaf].test = std::move(test);
  nodes_[leaf].children = std::move(children);
  nodes_[leaf].payload = kNone;
  steps_[leaf] = route_step_of(nodes_[leaf]);
  bytes_ += node_bytes(nodes_[leaf]);
}

uint32_t TreeStructure::add_branch(uint32_t split_node, double category, uint32_t payload) {
  const uint32_t leaf = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(Node{nodes_[split_node].depth + 1, payload, {}, {}});
  steps_.push_back(RouteStep{});
  bytes_ += node_bytes(nodes_.back()) + 4 + 8;  // the new leaf, and its child index and category at the split
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

}  // namespace tinymlkit
