#include "tinymlkit/hoeffding_tree.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "tinymlkit/defaults/hoeffding-regressor.hpp"
#include "tinymlkit/defaults/hoeffding.hpp"
#include "tinymlkit/hoeffding_regressor.hpp"

using tinymlkit::Example;
using tinymlkit::HoeffdingConfig;
using tinymlkit::HoeffdingRegressor;
using tinymlkit::HoeffdingRegressorConfig;
using tinymlkit::HoeffdingTree;
using tinymlkit::Prediction;

namespace {

// The shipped defaults (models/*.yaml), as a user runs them.
HoeffdingConfig classifier_config() {
  HoeffdingConfig config;
  tinymlkit::set_defaults(config);
  return config;
}

HoeffdingRegressorConfig regressor_config() {
  HoeffdingRegressorConfig config;
  tinymlkit::set_defaults(config);
  return config;
}

// x uniform in [0, 10]^2; the label is x0 > 5 (classes "no", "yes") or a step at 5.
Example uniform_example(std::mt19937_64& random) {
  std::uniform_real_distribution<double> uniform(0, 10);
  Example example;
  example.features = {{0, 1, uniform(random)}, {1, 1, uniform(random)}};
  return example;
}

template <class Learner>
std::string saved(const Learner& learner) {
  tinymlkit::ByteWriter out;
  learner.save(out);
  return out.bytes();
}

// Test-then-train on `examples` uniform examples labelled "yes" where is_yes(i, example); returns
// how many of those from `counted_from` on were predicted right.
template <class Concept>
int run_stream(HoeffdingTree& tree, std::mt19937_64& random, int examples, int counted_from, Concept is_yes) {
  const double no = *tree.target_of("no"), yes = *tree.target_of("yes");
  Prediction prediction;
  int right = 0;
  for (int i = 0; i < examples; ++i) {
    const Example example = uniform_example(random);
    const double target = is_yes(i, example) ? yes : no;
    tree.predict(example, prediction);
    if (i >= counted_from) right += prediction.class_index == static_cast<uint32_t>(target);
    tree.learn(example, target);
  }
  return right;
}

// Requires a classifier that learns stream[0, at), is saved, loaded and learns the rest to end as
// one that learned the whole stream (labels "yes" where is_yes, else "no"); returns the checkpoint.
template <class Concept>
std::string check_resumed_classifier(const std::vector<Example>& stream, size_t at,
                                     Concept is_yes) {
  HoeffdingTree one_run(classifier_config(), 1), first(classifier_config(), 1);
  const double no = *one_run.target_of("no"), yes = *one_run.target_of("yes");
  (void)first.target_of("no");
  (void)first.target_of("yes");
  const auto target = [&](const Example& e) { return is_yes(e) ? yes : no; };
  for (const Example& e : stream) one_run.learn(e, target(e));
  for (size_t i = 0; i < at; ++i) first.learn(stream[i], target(stream[i]));
  HoeffdingTree resumed(classifier_config(), 1);
  const std::string checkpoint = saved(first);
  tinymlkit::ByteReader in(checkpoint, "m.tmk");
  REQUIRE(resumed.load(in));
  for (size_t i = at; i < stream.size(); ++i) resumed.learn(stream[i], target(stream[i]));
  CHECK(saved(resumed) == saved(one_run));
  return checkpoint;
}

}  // namespace

TEST_CASE("the tree splits where the concept changes and then predicts it") {
  HoeffdingTree tree(classifier_config(), 1);
  std::mt19937_64 random(1);
  const int right = run_stream(tree, random, 4000, 3000, [](int, const Example& e) { return e.features[0].value > 5; });
  CHECK(right > 980);
  const auto figures = tree.summary_figures();
  CHECK(figures[0].key == "nodes");
  CHECK(figures[0].value >= 3);
}

namespace {

double figure(const HoeffdingTree& tree, const std::string& key) {
  for (const auto& f : tree.summary_figures())
    if (f.key == key) return f.value;
  FAIL("no summary figure " << key);
  return 0;
}

}  // namespace

TEST_CASE("a stationary stream never swaps or throws away the tree") {
  // 15% label noise on a fixed concept: the old Page-Hinkley test reset the tree about once
  // every 30,000 examples here.
  HoeffdingTree tree(classifier_config(), 1);
  std::mt19937_64 random(7), flips(70);
  std::bernoulli_distribution noise(0.15);
  run_stream(tree, random, 300000, 0, [&](int, const Example& e) {
    return (e.features[0].value + e.features[1].value > 10) != noise(flips);
  });
  CHECK(figure(tree, "swaps") == 0);
  CHECK(figure(tree, "nodes") >= 3);
}

TEST_CASE("after an abrupt change the background tree is swapped in once it is shown better") {
  HoeffdingTree tree(classifier_config(), 1);
  std::mt19937_64 random(8);
  const int right_at_end = run_stream(tree, random, 40000, 38000, [](int i, const Example& e) {
    return i < 20000 ? e.features[0].value > 5 : e.features[1].value > 5;
  });
  CHECK(figure(tree, "swaps") == 1);
  CHECK(right_at_end > 1900);
}

TEST_CASE("naive Bayes adaptive leaves use naive Bayes only while it is more accurate") {
  // One feature that decides the class: naive Bayes wins at the root.
  HoeffdingConfig config = classifier_config();
  config.grace_period = 1000000;  // no splits: the root leaf alone
  HoeffdingTree tree(config, 1);
  std::mt19937_64 random(2);
  const double a = *tree.target_of("a"), b = *tree.target_of("b");
  Prediction prediction;
  for (int i = 0; i < 500; ++i) {
    Example example = uniform_example(random);
    const double target = example.features[0].value > 7 ? b : a;  // majority: a
    tree.predict(example, prediction);
    tree.learn(example, target);
  }
  tinymlkit::JsonWriter json;
  json.begin_object();
  tree.describe(json);
  json.end_object();
  CHECK_THAT(json.finish(), Catch::Contains("\"predicts_with\": \"naive_bayes\""));
  Example high;
  high.features = {{0, 1, 9.5}, {1, 1, 5.0}};
  tree.predict(high, prediction);
  CHECK(prediction.class_index == static_cast<uint32_t>(b));  // the majority would say a
}

TEST_CASE("a tree saved mid-stream and resumed equals one run, classifier and regressor") {
  std::mt19937_64 random(4);
  std::vector<Example> stream;
  for (int i = 0; i < 3000; ++i) stream.push_back(uniform_example(random));
  SECTION("classifier") {
    check_resumed_classifier(stream, 1234,
                             [](const Example& e) { return e.features[0].value > 5; });
  }
  SECTION("regressor") {
    HoeffdingRegressor one_run(regressor_config(), 1), first(regressor_config(), 1);
    const auto target = [](const Example& e) { return e.features[0].value > 5 ? 10.0 : 0.0; };
    for (const Example& e : stream) one_run.learn(e, target(e));
    for (size_t i = 0; i < 1234; ++i) first.learn(stream[i], target(stream[i]));
    HoeffdingRegressor resumed(regressor_config(), 1);
    const std::string checkpoint = saved(first);
    tinymlkit::ByteReader in(checkpoint, "m.tmk");
    REQUIRE(resumed.load(in));
    for (size_t i = 1234; i < stream.size(); ++i) resumed.learn(stream[i], target(stream[i]));
    CHECK(saved(resumed) == saved(one_run));
    CHECK(one_run.summary_figures()[0].value >= 3);  // it split
  }
}

TEST_CASE("a tree deeper than --max-depth is refused on loading (describing it recurses)") {
  HoeffdingTree deep(classifier_config(), 1);
  std::mt19937_64 random(6);
  run_stream(deep, random, 20000, 20000, [](int, const Example& e) { return e.features[0].value + e.features[1].value > 10; });
  REQUIRE(deep.summary_figures()[3].value >= 3);  // depth
  HoeffdingConfig shallow = classifier_config();
  shallow.max_depth = 2;
  HoeffdingTree loaded(shallow, 1);
  const std::string state = saved(deep);
  tinymlkit::ByteReader in(state, "m.tmk");
  const auto status = loaded.load(in);
  REQUIRE_FALSE(status);
  CHECK_THAT(status.error().message, Catch::Contains("deeper than --max-depth"));
}

TEST_CASE("a class label that is not a token is refused on loading (it would add lines to predictions)") {
  tinymlkit::LabelDictionary crafted;
  crafted.add("spam\nham");
  tinymlkit::ByteWriter out;
  crafted.save(out);
  tinymlkit::LabelDictionary loaded;
  tinymlkit::ByteReader in(out.bytes(), "m.tmk");
  const auto status = loaded.load(in);
  REQUIRE_FALSE(status);
  CHECK_THAT(status.error().message, Catch::Contains("not a token"));
}

TEST_CASE("a cut tree state is refused at every length") {
  HoeffdingTree tree(classifier_config(), 1);
  std::mt19937_64 random(5);
  run_stream(tree, random, 1500, 1500, [](int, const Example& e) { return e.features[0].value > 5; });
  const std::string state = saved(tree);
  for (size_t cut = 0; cut < state.size(); cut += 13) {
    HoeffdingTree loaded(classifier_config(), 1);
    tinymlkit::ByteReader in(std::string_view(state).substr(0, cut), "m.tmk");
    CHECK_FALSE(loaded.load(in));
  }
}

TEST_CASE(
    "the anytime split test splits on two features that tell the same, where the VFDT's waits") {
  // x1 is a copy of x0, which decides the class: the best split and the second best tie, so the
  // VFDT's test waits for the bound to fall below the tie threshold (3,224 examples here).
  const auto copies = [](HoeffdingConfig config) {
    HoeffdingTree tree(config, 1);
    std::mt19937_64 random(9);
    const double no = *tree.target_of("no"), yes = *tree.target_of("yes");
    for (int i = 0; i < 1000; ++i) {
      Example example = uniform_example(random);
      example.features[1].value = example.features[0].value;
      tree.learn(example, example.features[0].value > 5 ? yes : no);
    }
    return figure(tree, "nodes");
  };
  HoeffdingConfig vfdt = classifier_config();
  vfdt.split_test = HoeffdingConfig::SplitTest::kVfdt;
  CHECK(copies(vfdt) == 1);
  CHECK(copies(classifier_config()) >= 3);
}

namespace {

// yes where x0 > 5 and x1 > 3: the root splits on x0, and its x0 > 5 leaf starts with a majority
// of yes, which errs wherever x1 is small; the root's naive Bayes knows x1.
bool small_x1_says_no(int, const Example& e) {
  return e.features[0].value > 5 && e.features[1].value > 3;
}

// Learns the stream until the first split; returns the examples learned.
int learn_until_split(HoeffdingTree& tree, std::mt19937_64& random) {
  const double no = *tree.target_of("no"), yes = *tree.target_of("yes");
  for (int i = 0; i < 5000; ++i) {
    const Example example = uniform_example(random);
    tree.learn(example, small_x1_says_no(i, example) ? yes : no);
    if (figure(tree, "nodes") >= 3) return i + 1;
  }
  FAIL("the tree never split");
  return 0;
}

size_t occurrences(const std::string& text, const std::string& word) {
  size_t count = 0;
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + word.size()))
    ++count;
  return count;
}

std::string described(const HoeffdingTree& tree) {
  tinymlkit::JsonWriter json;
  json.begin_object();
  tree.describe(json);
  json.end_object();
  return json.finish();
}

// Learns small_x1_says_no until the first split. Requires the example x = (8, 0.5), at a new
// leaf, to be predicted `expected` ("no" where the leaf predicts with a naive Bayes that knows x1,
// "yes" by the leaf's majority), by the tree and by a copy saved and loaded; and, where `voice` is
// given, both new leaves to predict with it. Returns the tree's readable model.
std::string check_first_split_leaves(const HoeffdingConfig& config, const std::string& expected,
                                     const std::string& voice = "") {
  HoeffdingTree tree(config, 1);
  std::mt19937_64 random(10);
  learn_until_split(tree, random);
  const std::string readable = described(tree);
  if (!voice.empty()) CHECK(occurrences(readable, "\"predicts_with\": \"" + voice + "\"") == 2);
  Example right_small_x1;
  right_small_x1.features = {{0, 1, 8.0}, {1, 1, 0.5}};
  Prediction prediction, again;
  tree.predict(right_small_x1, prediction);
  CHECK(prediction.class_index == static_cast<uint32_t>(*tree.target_of(expected)));
  HoeffdingTree loaded(config, 1);
  const std::string state = saved(tree);
  tinymlkit::ByteReader in(state, "m.tmk");
  REQUIRE(loaded.load(in));
  loaded.predict(right_small_x1, again);
  CHECK(again.probabilities == prediction.probabilities);
  CHECK(saved(loaded) == state);
  return readable;
}

}  // namespace

TEST_CASE(
    "a new leaf predicts with the naive Bayes it inherited until its own predictors do better") {
  SECTION("inherited: the split leaf's naive Bayes, which knows x1") {
    check_first_split_leaves(classifier_config(), "no", "inherited_naive_bayes");
  }
  SECTION("not inherited (MOA's): the new leaf's majority class") {
    HoeffdingConfig config = classifier_config();
    config.inherit_naive_bayes = false;
    config.global_naive_bayes = false;
    CHECK_THAT(check_first_split_leaves(config, "yes"), !Catch::Contains("inherited_naive_bayes"));
  }
  SECTION("released once a leaf's own predictors have been right as often, at a split attempt") {
    HoeffdingTree tree(classifier_config(), 1);
    std::mt19937_64 random(10);
    learn_until_split(tree, random);
    CHECK(occurrences(described(tree), "inherited_naive_bayes") == 2);  // both new leaves
    run_stream(tree, random, 20000, 20000, small_x1_says_no);
    const std::string grown = described(tree);
    // The leaves that have attempted a split since they were made let go; younger ones may not.
    CHECK(occurrences(grown, "inherited_naive_bayes") < occurrences(grown, "predicts_with") / 2);
  }
}

TEST_CASE("a tree resumed while its leaves hold inherited statistics equals one run") {
  std::mt19937_64 random(11);
  std::vector<Example> stream;
  for (int i = 0; i < 3000; ++i) stream.push_back(uniform_example(random));
  const std::string checkpoint = check_resumed_classifier(
      stream, 300, [](const Example& e) { return small_x1_says_no(0, e); });
  HoeffdingTree at_checkpoint(classifier_config(), 1);
  tinymlkit::ByteReader in(checkpoint, "m.tmk");
  REQUIRE(at_checkpoint.load(in));
  CHECK_THAT(described(at_checkpoint), Catch::Contains("inherited_naive_bayes"));
}

TEST_CASE("a new leaf may predict with the whole stream's naive Bayes") {
  // Without inherited statistics, to tell the two apart: the leaves made by the first split hold
  // the whole stream's naive Bayes, which knows x1, and predict with it until their own
  // predictors have been right as often.
  HoeffdingConfig config = classifier_config();
  config.inherit_naive_bayes = false;
  SECTION("held: the new leaf answers as the whole stream does") {
    check_first_split_leaves(config, "no", "global_naive_bayes");
  }
  SECTION("not held (MOA's): the new leaf's majority class") {
    config.global_naive_bayes = false;
    CHECK_THAT(check_first_split_leaves(config, "yes"), !Catch::Contains("global_naive_bayes"));
  }
}

TEST_CASE("a tree resumed while its leaves hold the whole stream's naive Bayes equals one run") {
  std::mt19937_64 random(13);
  std::vector<Example> stream;
  for (int i = 0; i < 20000; ++i) stream.push_back(uniform_example(random));
  // x0 + x1 > 10 is a hyperplane: leaves take up the whole stream's naive Bayes.
  const std::string checkpoint = check_resumed_classifier(stream, 10000, [](const Example& e) {
    return e.features[0].value + e.features[1].value > 10;
  });
  HoeffdingTree at_checkpoint(classifier_config(), 1);
  tinymlkit::ByteReader in(checkpoint, "m.tmk");
  REQUIRE(at_checkpoint.load(in));
  CHECK_THAT(described(at_checkpoint), Catch::Contains("global_naive_bayes"));
}
