#include "tinymlkit/tree_structure.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tinymlkit/byte_io.hpp"

namespace {

// The tree saved and loaded again for a model of `features` features.
tinymlkit::Status reload(const tinymlkit::TreeStructure& tree, size_t payloads, size_t features) {
  tinymlkit::ByteWriter out;
  tree.save(out);
  const std::string bytes = out.bytes();
  tinymlkit::ByteReader in(bytes, "tree");
  tinymlkit::TreeStructure copy;
  return copy.load(in, payloads, features, 10);
}

}  // namespace

// fuzz/corpus/fuzz_model_forest/finding-2f66a0953ce0: a forest file whose split named a feature
// far past the model's loaded, and its --export-c then sized per-feature tables by it (2 GB).
TEST_CASE("a split on a feature the model never met is refused when loaded") {
  tinymlkit::TreeStructure tree(0);
  const uint32_t children[] = {0, 1};
  tree.split(0, tinymlkit::SplitTest{4, false, 0.5, {}}, children);
  CHECK(reload(tree, 2, 5));
  const auto refused = reload(tree, 2, 4);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Contains("a split on a feature the model never met"));
  CHECK(reload(tinymlkit::TreeStructure(0), 1, 0));  // a lone leaf needs no feature
}

TEST_CASE("a feature's value is found in dense and sparse rows alike, an absent one is 0") {
  using tinymlkit::Feature;
  using tinymlkit::feature_value;
  const std::vector<Feature> dense = {{0, 1, 1.5}, {1, 5, -2.0}, {2, 9, 3.0}};
  CHECK(feature_value(dense, 0) == 1.5);
  CHECK(feature_value(dense, 2) == 3.0);
  CHECK(feature_value(dense, 3) == 0.0);
  // Index 1 lies before the row's end but not at place 1: it is searched for, not read there.
  const std::vector<Feature> sparse = {{0, 1, 4.0}, {5, 5, 6.0}, {9, 9, -1.0}};
  CHECK(feature_value(sparse, 1) == 0.0);
  CHECK(feature_value(sparse, 5) == 6.0);
  CHECK(feature_value(sparse, 9) == -1.0);
  CHECK(feature_value(sparse, 2) == 0.0);
  CHECK(feature_value({}, 0) == 0.0);
}
