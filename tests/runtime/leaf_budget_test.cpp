#include "tinymlkit/leaf_budget.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace {

// A leaf as the budget sees it: 100 bytes active (statistics), 10 inactive.
struct FakeLeaf {
  double promise_value = 0;
  bool active = true;
  bool over_budget = false;
  double promise() const { return promise_value; }
  size_t bytes() const { return active ? 100 : 10; }
  void deactivate() { active = false; }
  void reactivate() {
    active = true;
    over_budget = false;
  }
};

size_t total_bytes(const std::vector<FakeLeaf>& leaves) { return tinymlkit::leaves_bytes(leaves); }

constexpr auto kYes = tinymlkit::BringBack::kYes;

}  // namespace

TEST_CASE("leaves switched off for memory come back, most promising first, when memory frees up") {
  std::vector<FakeLeaf> leaves{{3}, {1}, {4}, {2}};
  CHECK(tinymlkit::fit_in_budget(leaves, total_bytes(leaves), 250, kYes) == 2);
  CHECK((leaves[0].active && !leaves[1].active && leaves[2].active && !leaves[3].active));
  CHECK((leaves[1].over_budget && leaves[3].over_budget));

  // Room for one more active leaf of the active leaves' average size: the more promising comes back.
  CHECK(tinymlkit::fit_in_budget(leaves, total_bytes(leaves), 330, kYes) == 0);
  CHECK((leaves[3].active && !leaves[1].active));
  CHECK(tinymlkit::fit_in_budget(leaves, total_bytes(leaves), 1000, kYes) == 0);
  CHECK(leaves[1].active);
  CHECK(total_bytes(leaves) == 400);
}

TEST_CASE("after a split, fitting the budget only switches leaves off") {
  std::vector<FakeLeaf> leaves{{3}, {1}};
  CHECK(tinymlkit::fit_in_budget(leaves, total_bytes(leaves), 150, kYes) == 1);
  CHECK(tinymlkit::fit_in_budget(leaves, total_bytes(leaves), 1000, tinymlkit::BringBack::kNo) == 0);
  CHECK_FALSE(leaves[1].active);
}

TEST_CASE("a leaf switched off because not splitting was best stays off") {
  std::vector<FakeLeaf> leaves{{3}, {1}};
  leaves[1].deactivate();  // pre-pruned: its statistics showed no split worth making
  CHECK(tinymlkit::fit_in_budget(leaves, total_bytes(leaves), 100000, kYes) == 0);
  CHECK_FALSE(leaves[1].active);
}

TEST_CASE("a tree's structure size, kept as it grows, is what it measures once saved and loaded") {
  tinymlkit::TreeStructure tree(0);
  const auto reloaded_bytes = [&tree](size_t payloads) {
    tinymlkit::ByteWriter out;
    tree.save(out);
    const std::string bytes = out.bytes();
    tinymlkit::ByteReader in(bytes, "tree");
    tinymlkit::TreeStructure copy;
    REQUIRE(copy.load(in, payloads, 6, 10));  // its splits test features 2 and 5
    return copy.bytes();
  };
  CHECK(tree.bytes() == reloaded_bytes(1));
  const uint32_t numeric[] = {0, 1};
  tree.split(0, tinymlkit::SplitTest{2, false, 0.5, {}}, numeric);
  CHECK(tree.bytes() == reloaded_bytes(2));
  const uint32_t nominal[] = {2, 3, 4};
  tree.split(1, tinymlkit::SplitTest{5, true, 0.0, {1.0, 2.0, 3.0}}, nominal);
  CHECK(tree.bytes() == reloaded_bytes(5));
  tree.add_branch(1, 9.0, 5);  // node 1 is the nominal split
  CHECK(tree.bytes() == reloaded_bytes(6));
  CHECK(tree.bytes() > 5 * tinymlkit::TreeStructure::kNodeBytes);
}
