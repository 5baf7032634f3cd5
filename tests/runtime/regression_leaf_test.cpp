#include "tinymlkit/regression_leaf.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using tinymlkit::Feature;
using tinymlkit::RegressionLeaf;
using tinymlkit::TargetMoments;

namespace {

void learn(RegressionLeaf& leaf, double x, double y) {
  const std::vector<Feature> features{{0, 1, x}};
  const std::vector<double> z{1.0, x};
  leaf.learn(features, y, z, 1.0, 0.1, 32);
}

}  // namespace

TEST_CASE("a leaf's inherited weight is not taken for examples at x = 0 when it looks for splits") {
  TargetMoments inherited;
  for (int i = 0; i < 100; ++i) inherited.add(50.0, 1.0);  // the parent's share: 100 examples, never seen here
  RegressionLeaf leaf(inherited, std::vector<double>{});
  for (int i = 0; i < 50; ++i) {
    learn(leaf, 5.0, 10.0);
    learn(leaf, 8.0, 20.0);
  }
  const auto suggestions = leaf.split_suggestions(5.0, leaf.split_candidates());
  REQUIRE(suggestions.size() == 1);
  CHECK(suggestions[0].test.threshold > 5.0);
  CHECK(suggestions[0].test.threshold < 8.0);
  CHECK(suggestions[0].left.weight == Approx(50.0));  // x = 5 only, no phantom zeros
  CHECK(suggestions[0].right.weight == Approx(50.0));
  CHECK(suggestions[0].left.sum / suggestions[0].left.weight == Approx(10.0));
  CHECK(leaf.mean() == Approx((100 * 50.0 + 50 * 10.0 + 50 * 20.0) / 200));  // predicts with all it knows
}

TEST_CASE("a feature constant at a leaf offers no split, whatever the leaf inherited") {
  TargetMoments inherited;
  for (int i = 0; i < 100; ++i) inherited.add(i % 2 == 0 ? 0.0 : 100.0, 1.0);
  RegressionLeaf leaf(inherited, std::vector<double>{});
  for (int i = 0; i < 100; ++i) learn(leaf, 3.0, i % 2 == 0 ? 1.0 : 2.0);
  CHECK(leaf.split_suggestions(5.0, leaf.split_candidates()).empty());
}

TEST_CASE("a leaf's size, kept as it learns, is what it measures once saved and loaded") {
  RegressionLeaf leaf;
  const auto reloaded_bytes = [&leaf] {
    tinymlkit::ByteWriter out;
    leaf.save(out);
    const std::string bytes = out.bytes();
    tinymlkit::ByteReader in(bytes, "leaf");
    RegressionLeaf copy;
    REQUIRE(copy.load(in, 100, 32));
    return copy.bytes();
  };
  const size_t empty = leaf.bytes();
  CHECK(reloaded_bytes() == empty);
  // Sparse examples: each reaches further, so the leaf grows histograms it has not filled yet.
  for (uint32_t i = 0; i < 40; ++i) {
    const std::vector<Feature> features{{i % 7, 1, 0.5 * i}, {3 * i % 50 + 7, 1, 1.0 + i}};
    const std::vector<double> z(60, 0.1);
    leaf.learn(features, static_cast<double>(i), z, 1.0, 0.1, 32);
    REQUIRE(leaf.bytes() == reloaded_bytes());
  }
  CHECK(leaf.bytes() > empty);
  leaf.deactivate();
  CHECK(leaf.bytes() == reloaded_bytes());
}
