#include "tinymlkit/regression_leaf.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using tinymlkit::Feature;
using tinymlkit::FeatureStatistics;
using tinymlkit::LeafModel;
using tinymlkit::RegressionLeaf;
using tinymlkit::StandardizedExample;
using tinymlkit::TargetMoments;

namespace {

void learn(RegressionLeaf& leaf, const std::vector<Feature>& features, double y,
           FeatureStatistics& statistics) {
  StandardizedExample z;
  z.reset(statistics, features);
  leaf.learn(z, y, 1.0, 0.1, 32);
  statistics.add(features);
}

void learn(RegressionLeaf& leaf, double x, double y) {
  FeatureStatistics none;  // standardizes every feature to 0: these tests are about the histograms
  learn(leaf, {{0, 1, x}}, y, none);
}

}  // namespace

TEST_CASE("a leaf's inherited weight is not taken for examples at x = 0 when it looks for splits") {
  TargetMoments inherited;
  for (int i = 0; i < 100; ++i) inherited.add(50.0, 1.0);  // the parent's share: 100 examples, never seen here
  RegressionLeaf leaf(inherited, LeafModel{});
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
  RegressionLeaf leaf(inherited, LeafModel{});
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
  // Sparse examples: each meets features the leaf has not met yet.
  FeatureStatistics statistics;
  for (uint32_t i = 0; i < 40; ++i) {
    learn(leaf, {{i % 7, 1, 0.5 * i}, {3 * i % 50 + 7, 1, 1.0 + i}}, static_cast<double>(i),
          statistics);
    REQUIRE(leaf.bytes() == reloaded_bytes());
  }
  CHECK(leaf.bytes() > empty);
  leaf.deactivate();
  CHECK(leaf.bytes() == reloaded_bytes());
}

TEST_CASE("a leaf weighs and keeps histograms of the features it met, not every index below them") {
  RegressionLeaf leaf;
  FeatureStatistics statistics;
  for (int i = 0; i < 20; ++i) learn(leaf, {{1, 1, 0.1 * i}, {3, 1, 2.0 - i}}, 3.0 * i, statistics);
  const size_t before = leaf.bytes();
  learn(leaf, {{44156, 1, 1.0}}, 5.0, statistics);
  CHECK(leaf.model().features == std::vector<uint32_t>{1, 3, 44156});
  CHECK(leaf.model().weights.size() == 4);
  CHECK(leaf.split_candidates() == std::vector<uint32_t>{1, 3, 44156});
  CHECK(leaf.bytes() - before < 1000);  // one histogram (its bins), one weight
  tinymlkit::ByteWriter out;
  leaf.save(out);
  CHECK(out.bytes().size() < 4000);
  tinymlkit::ByteReader in(out.bytes(), "leaf");
  RegressionLeaf copy;
  REQUIRE(copy.load(in, 44157, 32));
  tinymlkit::ByteWriter again;
  copy.save(again);
  CHECK(again.bytes() == out.bytes());
  tinymlkit::ByteReader narrow(out.bytes(), "leaf");
  CHECK_FALSE(
      RegressionLeaf().load(narrow, 1000, 32));  // feature 44156 is past a dimension of 1,000
}

TEST_CASE(
    "a leaf's linear model predicts as the sum over its inputs, absent features standardized as "
    "zeros") {
  FeatureStatistics statistics;
  statistics.add(std::vector<Feature>{{0, 1, 1.0}, {2, 1, 4.0}});
  statistics.add(std::vector<Feature>{{0, 1, 3.0}});
  LeafModel model;
  model.include(std::vector<Feature>{{0, 1, 0.0}, {2, 1, 0.0}});
  model.weights = {0.5, 2.0, -1.0};
  const std::vector<Feature> example{{0, 1, 4.0}};
  StandardizedExample z;
  z.reset(statistics, example);
  // feature 0: mean 2, scale 1, x = 4 -> 2; feature 2: mean 2, scale 2, absent -> -1
  CHECK(model.predict(z) == 0.5 + 2.0 * 2.0 + (-1.0) * (-1.0));
}

TEST_CASE("features met between those a leaf knows get histograms of their own, in index order") {
  RegressionLeaf leaf;
  FeatureStatistics statistics;
  // Feature 7 is present exactly where y = 10; features 0, 1 and 9 once each; 3 always, at 1.
  learn(leaf, {{3, 1, 1.0}}, 0.0, statistics);
  learn(leaf, {{1, 1, 1.0}, {3, 5, 1.0}, {7, 9, 1.0}}, 10.0, statistics);
  learn(leaf, {{0, 1, 1.0}, {3, 5, 1.0}}, 0.0, statistics);
  learn(leaf, {{3, 1, 1.0}, {7, 5, 1.0}, {9, 9, 1.0}}, 10.0, statistics);
  REQUIRE(leaf.split_candidates() == std::vector<uint32_t>{0, 1, 3, 7, 9});
  std::vector<uint32_t> split;
  for (const auto& suggestion : leaf.split_suggestions(0.5, leaf.split_candidates())) {
    split.push_back(suggestion.test.feature);
    const double present_sum = suggestion.test.feature == 7   ? 20.0
                               : suggestion.test.feature == 0 ? 0.0
                                                              : 10.0;
    const double present_weight = suggestion.test.feature == 7 ? 2.0 : 1.0;
    CHECK(suggestion.right.weight == Approx(present_weight));
    CHECK(suggestion.right.sum == Approx(present_sum));
  }
  CHECK(split == std::vector<uint32_t>{0, 1, 7, 9});  // 3 never varied
}
