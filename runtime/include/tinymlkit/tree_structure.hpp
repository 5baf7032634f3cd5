// The shape of a decision tree, shared by the Hoeffding classifier and regressor: split nodes
// with their tests, and leaves that point at a payload the learner owns (its statistics). Nodes
// live in one vector and refer to each other by index, so a tree saves, loads and copies as
// plain data; routing is a loop, never recursion (the wasm stack is small).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/json_writer.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

// Numeric: x <= threshold goes to branch 0, the rest to branch 1. Nominal: one branch per
// category, in `categories` order; a category first met at this node gets a branch of its own.
struct SplitTest {
  uint32_t feature = 0;
  bool nominal = false;
  double threshold = 0;
  std::vector<double> categories;
};

// An absent feature is a zero; `features` is sorted by index.
double feature_value(std::span<const Feature> features, uint32_t index);

class TreeStructure {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Node {
    uint32_t depth = 0;
    uint32_t payload = 0;  // a leaf's statistics, in the learner's own vector
    SplitTest test;
    std::vector<uint32_t> children;  // empty for a leaf

    bool is_leaf() const { return children.empty(); }
  };

  // Where an example goes: a leaf, or a nominal split without a branch for its category.
  struct Route {
    uint32_t node;
    bool missing_branch;
    double category;  // the category without a branch
  };

  explicit TreeStructure(uint32_t root_payload = 0);

  Route route(std::span<const Feature> features) const;
  const Node& node(uint32_t index) const { return nodes_[index]; }
  // Turns a leaf into a split whose branches are new leaves with the given payloads.
  void split(uint32_t leaf, SplitTest test, std::span<const uint32_t> payloads);
  // A new leaf under a nominal split for a category it has not met. Returns the leaf.
  uint32_t add_branch(uint32_t split_node, double category, uint32_t payload);

  // Model sizes count elements at fixed widths, never sizeof or capacity, so that every build
  // (64-bit native, 32-bit wasm) measures the same model the same and --max-bytes acts the same.
  static constexpr size_t kNodeBytes = 64;

  size_t node_count() const { return nodes_.size(); }
  size_t leaf_count() const;
  uint32_t depth() const;
  size_t bytes() const { return bytes_; }  // kept as the tree grows: budget checks follow every split

  void save(ByteWriter& out) const;
  // `payloads` is how many leaf payloads the learner loaded; every leaf must point at one. Split
  // tests must name one of the model's `features` features, and a tree deeper than `max_depth` is
  // refused: no run grows either.
  Status load(ByteReader& in, size_t payloads, size_t features, uint32_t max_depth);
  // The tree as nested JSON; `leaf` writes a leaf's own fields.
  void describe(JsonWriter& out, const std::function<void(JsonWriter&, uint32_t payload)>& leaf) const;

 private:
  static size_t node_bytes(const Node& n) { return kNodeBytes + 4 * n.children.size() + 8 * n.test.categories.size(); }

  // Routing's copy of each node, 24 bytes: a numeric split's test and both children in one small
  // record, so that an example's way down reads one record a level, not a node and then its
  // heap-held list of children (measured: routing was a quarter of the forest's time).
  struct RouteStep {
    double threshold = 0;
    uint32_t feature = 0;
    uint32_t left = kNone;  // kNone: a leaf or a nominal split, which route() reads from nodes_
    uint32_t right = kNone;
  };
  static RouteStep route_step_of(const Node& n);

  std::vector<Node> nodes_;
  std::vector<RouteStep> steps_;  // steps_[i] is route_step_of(nodes_[i])
  size_t bytes_ = 0;  // the nodes' node_bytes()
};

}  // namespace tinymlkit
