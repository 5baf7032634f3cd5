#include "tinymlkit/class_leaf.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using tinymlkit::ClassLeaf;
using tinymlkit::Feature;
using tinymlkit::LeafContext;

namespace {

// Two numeric classes, no nominal features, no smoothing: MOA's plain Gaussians.
struct TwoClasses {
  std::vector<uint32_t> nominal;
  std::vector<uint8_t> is_nominal;
  std::vector<uint32_t> rank{0, 1};
  bool present_only = false;
  LeafContext context() const { return {2, nominal, is_nominal, nullptr, rank, present_only}; }
};

std::vector<double> votes_for(const ClassLeaf& leaf, const LeafContext& context, std::vector<Feature> x) {
  std::vector<double> votes;
  leaf.naive_bayes(x, context, votes);
  return votes;
}

}  // namespace

TEST_CASE("naive Bayes scores every class over the same features: an explicit zero is an absent one") {
  const TwoClasses classes;
  ClassLeaf absent, explicit_zero;
  for (double v : {1.0, 2.0, 3.0, 2.5}) {
    absent.learn(std::vector<Feature>{{0, 1, v}}, 0, 1.0, classes.context());
    explicit_zero.learn(std::vector<Feature>{{0, 1, v}, {7, 2, 0.0}}, 0, 1.0, classes.context());
  }
  for (double v : {4.0, 5.0, 6.5, 5.5}) {
    absent.learn(std::vector<Feature>{{0, 1, v}}, 1, 1.0, classes.context());
    explicit_zero.learn(std::vector<Feature>{{0, 1, v}}, 1, 1.0, classes.context());
  }
  const std::vector<Feature> x{{0, 1, 3.5}};
  const auto a = votes_for(absent, classes.context(), x), b = votes_for(explicit_zero, classes.context(), x);
  CHECK(a[0] - a[1] == Approx(b[0] - b[1]).epsilon(1e-12));
}

TEST_CASE("naive Bayes gives no vote to a class the leaf has not learned since its split (MOA)") {
  const TwoClasses classes;
  const std::vector<double> inherited{5.0, 5.0};
  ClassLeaf leaf(inherited);
  const std::vector<Feature> x{{0, 1, 2.0}};
  CHECK(std::isfinite(votes_for(leaf, classes.context(), x)[1]));  // nothing learned yet: the priors
  leaf.learn(x, 0, 1.0, classes.context());
  const auto votes = votes_for(leaf, classes.context(), x);
  CHECK(std::isfinite(votes[0]));
  CHECK(votes[1] == -std::numeric_limits<double>::infinity());
}

TEST_CASE("ties between classes go to the class that sorts first, as the port's class indexes do") {
  TwoClasses classes;
  classes.rank = {1, 0};  // class 1's label sorts first
  const std::vector<double> tied{3.0, 3.0};
  const ClassLeaf leaf(tied);
  CHECK(leaf.majority_class(classes.context()) == 1);
}

TEST_CASE("a nominal feature splits one branch per category, the implied zero included") {
  std::vector<uint32_t> nominal{0};
  std::vector<uint8_t> is_nominal{1};
  std::vector<uint32_t> rank{0, 1};
  const LeafContext context{2, nominal, is_nominal, nullptr, rank};
  ClassLeaf leaf;
  // Category 3 is class 1; categories 1 and 2 (and the implied 0) are class 0.
  for (int i = 0; i < 30; ++i) {
    leaf.learn(std::vector<Feature>{{0, 1, 3.0}}, 1, 1.0, context);
    leaf.learn(std::vector<Feature>{{0, 1, static_cast<double>(i % 3)}}, 0, 1.0, context);
  }
  const auto suggestions = leaf.split_suggestions(tinymlkit::SplitCriterion::kInfoGain, context, 10, leaf.split_candidates(context));
  REQUIRE(suggestions.size() == 2);  // not splitting, then feature 0
  CHECK(suggestions[0].merit == -std::numeric_limits<double>::infinity());
  CHECK(suggestions[1].test.nominal);
  CHECK(suggestions[1].test.categories == std::vector<double>{0.0, 1.0, 2.0, 3.0});
  CHECK(suggestions[1].merit == Approx(1.0));  // every branch pure: all of the entropy gained
}

TEST_CASE("a numeric feature present in at most 1% of a leaf's weight is no split candidate") {
  const TwoClasses classes;
  ClassLeaf leaf;
  // Feature 0 in every example; feature 9 in 2 of 200 (1%), feature 8 in 3 of 200 (past it).
  for (int i = 0; i < 200; ++i) {
    std::vector<Feature> x{{0, 1, static_cast<double>(i % 7)}};
    if (i < 3) x.push_back({8, 2, 5.0 + i});
    if (i % 100 == 0) x.push_back({9, 3, 5.0 - i});
    leaf.learn(x, static_cast<uint32_t>(i % 2), 1.0, classes.context());
  }
  CHECK(leaf.split_candidates(classes.context()) == std::vector<uint32_t>{0, 8});
  // One more example holding feature 9 puts it past 1% of 201; another keeps it past 1% of 302.
  leaf.learn(std::vector<Feature>{{9, 1, 7.0}}, 0, 1.0, classes.context());
  CHECK(leaf.split_candidates(classes.context()) == std::vector<uint32_t>{0, 8, 9});
  leaf.learn(std::vector<Feature>{{9, 1, 8.0}}, 1, 1.0, classes.context());
  // 1% of a growing leaf leaves feature 8 behind.
  for (int i = 0; i < 98; ++i)
    leaf.learn(std::vector<Feature>{{0, 1, 1.0}}, static_cast<uint32_t>(i % 2), 1.0,
               classes.context());
  CHECK(leaf.split_candidates(classes.context()) == std::vector<uint32_t>{0, 9});
}

TEST_CASE(
    "naive Bayes over the features present ignores those the row lacks; over those met it does "
    "not") {
  TwoClasses classes;
  ClassLeaf leaf;
  for (double v : {1.0, 2.0, 3.0, 2.5}) {
    leaf.learn(std::vector<Feature>{{0, 1, v}, {4, 2, 10.0 + v}}, 0, 1.0, classes.context());
    leaf.learn(std::vector<Feature>{{0, 1, v + 3.0}}, 1, 1.0, classes.context());
  }
  // Feature 4, which only class 0 met and the row lacks, speaks for class 1 over every feature
  // met; over the features present only feature 0 speaks, the same as on a leaf without feature 4.
  ClassLeaf without_4;
  for (double v : {1.0, 2.0, 3.0, 2.5}) {
    without_4.learn(std::vector<Feature>{{0, 1, v}}, 0, 1.0, classes.context());
    without_4.learn(std::vector<Feature>{{0, 1, v + 3.0}}, 1, 1.0, classes.context());
  }
  const std::vector<Feature> x{{0, 1, 2.0}};
  const auto met = votes_for(leaf, classes.context(), x);
  classes.present_only = true;
  const auto present = votes_for(leaf, classes.context(), x);
  CHECK(present == votes_for(without_4, classes.context(), x));
  CHECK(present[0] > present[1]);
  CHECK(met[1] > met[0]);
  // An explicit 0 is absent too.
  const auto zeros = votes_for(leaf, classes.context(), {{0, 1, 2.0}, {4, 2, 0.0}});
  CHECK(zeros[0] - zeros[1] == Approx(present[0] - present[1]).epsilon(1e-12));
}

TEST_CASE(
    "a leaf counts the same bytes after a model file as before: a resumed run budgets as one run") {
  const TwoClasses classes;
  ClassLeaf leaf;
  for (int i = 0; i < 60; ++i)
    leaf.learn(std::vector<Feature>{{0, 1, static_cast<double>(i % 5)},
                                    {static_cast<uint32_t>(3 + i % 40), 2, 1.0}},
               static_cast<uint32_t>(i % 2), 1.0, classes.context());
  REQUIRE(leaf.split_candidates(classes.context()).size() > 1);  // the leaf lists what may split
  tinymlkit::ByteWriter out;
  leaf.save(out);
  ClassLeaf loaded;
  tinymlkit::ByteReader in(out.bytes(), "m.tmk");
  REQUIRE(loaded.load(in, 2, 0, 100));
  CHECK(loaded.bytes() == leaf.bytes());
  CHECK(loaded.split_candidates(classes.context()) == leaf.split_candidates(classes.context()));
}
