#include "tinymlkit/tree_structure.hpp"

#include <catch2/catch.hpp>
#include <string>

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
