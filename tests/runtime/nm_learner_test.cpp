#include "tinymlkit/nm_learner.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "tinymlkit/defaults/nm.hpp"
#include "tinymlkit/json_writer.hpp"
#include "tinymlkit/number_format.hpp"

using tinymlkit::Example;
using tinymlkit::Feature;
using tinymlkit::NmConfig;
using tinymlkit::NmLearner;
using tinymlkit::Prediction;

namespace {

// The shipped defaults (models/nm.yaml) with a smaller window and model, to keep tests quick.
NmConfig config_with(NmConfig::Loss loss) {
  NmConfig config;
  tinymlkit::set_defaults(config);
  config.loss = loss;
  config.window = 200;
  config.batch = 20;
  config.iterations = 20;
  config.max_features = 64;
  config.history = 4;
  return config;
}

// y = 2 x0 - 3 x2 + 1, with x3 appearing only from example 1000 on (weight 0.5).
Example linear_example(std::mt19937_64& random, int i, double& target) {
  std::normal_distribution<double> normal;
  Example example;
  const double x0 = normal(random), x2 = normal(random), x3 = i >= 1000 ? normal(random) : 0.0;
  example.features = {{0, 1, x0}, {2, 1, x2}};
  if (x3 != 0) example.features.push_back({3, 1, x3});
  target = 2 * x0 - 3 * x2 + 0.5 * x3 + 1;
  return example;
}

std::string saved(const NmLearner& learner) {
  tinymlkit::ByteWriter out;
  learner.save(out);
  return out.bytes();
}

}  // namespace

TEST_CASE("the learner recovers a noiseless linear function, a feature that appears late included") {
  NmLearner learner(config_with(NmConfig::Loss::kSquared), 1);
  std::mt19937_64 random(7);
  for (int i = 0; i < 3000; ++i) {
    double target = 0;
    Example example = linear_example(random, i, target);
    learner.learn(example, target);
  }
  const std::vector<double> weights = learner.raw_weights();  // bias first
  REQUIRE(weights.size() == 5);
  CHECK(weights[0] == Approx(1).margin(0.02));
  CHECK(weights[1] == Approx(2).margin(0.02));
  CHECK(weights[2] == Approx(0).margin(0.02));
  CHECK(weights[3] == Approx(-3).margin(0.02));
  CHECK(weights[4] == Approx(0.5).margin(0.02));
}

TEST_CASE("the features met decide the model, not how high their indexes are") {
  // The same stream twice, its feature 3 renamed 1023 in the second: the simplex is over the
  // features met, in the order met, so both learn and predict the same bits. A --max-bytes that a
  // simplex over 1,024 indexes would pass (8 MB) lets the renamed rows in.
  const auto loss = GENERATE(NmConfig::Loss::kSquared, NmConfig::Loss::kHinge);
  NmConfig config = config_with(loss);
  config.max_features = 2048;
  config.max_bytes = 1 << 20;
  NmLearner low(config, 1), high(config, 1);
  std::mt19937_64 random(5);
  size_t differing = 0;
  Prediction from_low, from_high;
  for (int i = 0; i < 1500; ++i) {
    double value = 0;
    const Example example = linear_example(random, i, value);
    Example renamed = example;
    for (Feature& f : renamed.features) f.index = f.index == 3 ? 1023 : f.index;
    REQUIRE(high.check_learnable(renamed));
    low.predict(example, from_low);
    high.predict(renamed, from_high);
    differing += from_low.value == from_high.value ? 0 : 1;
    const bool binary = loss == NmConfig::Loss::kHinge;
    const std::string label = value > 1 ? "+" : "-";
    low.learn(example, binary ? *low.target_of(label) : value);
    high.learn(renamed, binary ? *high.target_of(label) : value);
  }
  CHECK(differing == 0);
  CHECK(saved(high).size() == saved(low).size());  // an index is 4 bytes, whatever its value
}

TEST_CASE("a format-4 state, a coordinate per index below the highest, loads as it was written") {
  // Format 5 added the list of the feature indexes met after the label statistics. Where the
  // features were met in index order from 0, a state without that list is the format-4 state.
  const NmConfig config = config_with(NmConfig::Loss::kAbsolute);
  NmLearner learner(config, 1);
  std::mt19937_64 random(3);
  std::normal_distribution<double> normal;
  for (int i = 0; i < 300; ++i) {
    Example example;
    for (uint32_t j = 0; j < 3; ++j) example.features.push_back({j, 1, normal(random)});
    learner.learn(example, example.features[0].value - 2 * example.features[2].value);
  }
  const std::string state = saved(learner);
  tinymlkit::ByteWriter list;
  list.u64(3);
  for (uint32_t j = 0; j < 3; ++j) list.u32(j);
  const size_t at = state.find(list.bytes());
  REQUIRE(at != std::string::npos);
  REQUIRE(state.find(list.bytes(), at + 1) == std::string::npos);
  const std::string format_4 = state.substr(0, at) + state.substr(at + list.bytes().size());

  NmLearner loaded(config, 9);
  tinymlkit::ByteReader in(format_4, "old.tmk", 4);
  REQUIRE(loaded.load(in));
  CHECK(saved(loaded) == state);
  tinymlkit::ByteReader as_format_5(format_4, "old.tmk");
  CHECK_FALSE(NmLearner(config, 9).load(as_format_5));  // the version decides the layout
}

TEST_CASE("saving and loading mid-stream continues exactly as one run") {
  // The squared loss comes from the window's sums: the run is saved in the middle of a block,
  // and a feature appears after the checkpoint (the sums are rebuilt for the larger model).
  const NmConfig config =
      config_with(GENERATE(NmConfig::Loss::kAbsolute, NmConfig::Loss::kSquared));
  NmLearner one_run(config, 3), first_half(config, 3);
  std::mt19937_64 random(11);
  std::vector<std::pair<Example, double>> stream;
  for (int i = 0; i < 1500; ++i) {
    double target = 0;
    Example example = linear_example(random, i, target);
    stream.emplace_back(example, target);
  }
  for (auto& [example, target] : stream) one_run.learn(example, target);
  for (int i = 0; i < 777; ++i) first_half.learn(stream[i].first, stream[i].second);
  const std::string checkpoint = saved(first_half);
  NmLearner resumed(config, 99);  // the seed is overwritten by the saved random state
  tinymlkit::ByteReader in(checkpoint, "half.tmk");
  REQUIRE(resumed.load(in));
  CHECK(saved(resumed) == checkpoint);
  for (size_t i = 777; i < stream.size(); ++i) resumed.learn(stream[i].first, stream[i].second);
  CHECK(saved(resumed) == saved(one_run));
}

TEST_CASE("the best vertex's window loss is the mean loss of predict()'s margins, to rounding") {
  // Rows of one to three features at shifting indexes. The learner sums the losses in four partial
  // sums, and a trial point's margins are combinations of the vertices', so the figures agree to
  // rounding, not bit for bit (and the logistic loss to the table's error). A --max-bytes too small
  // for the vertices' margins makes it value each point with a pass over the window instead.
  const auto [loss, max_bytes] =
      GENERATE(table<NmConfig::Loss, int64_t>({{NmConfig::Loss::kHinge, 1 << 28},
                                               {NmConfig::Loss::kLogistic, 1 << 28},
                                               {NmConfig::Loss::kHinge, 1 << 15},
                                               {NmConfig::Loss::kLogistic, 1 << 15}}));
  {
    NmConfig config = config_with(loss);
    config.max_bytes = max_bytes;
    NmLearner learner(config, 1);
    std::mt19937_64 random(9);
    std::normal_distribution<double> normal;
    std::vector<std::pair<Example, double>> stream;
    // Until the simplex has just been updated: its values are then the window's losses under the
    // standardization predict() uses. Updates come every min(window size / 8, batch) examples.
    size_t pending = 0;
    for (int i = 0; i < 1000 || pending != 0; ++i) {
      Example example;
      const int length = i % 8 < 4 ? 3 : 1 + static_cast<int>(random() % 3);
      // Rows of one length differ in their indexes too.
      const auto first = static_cast<uint32_t>(random() % 2);
      for (int k = 0; k < length; ++k)
        example.features.push_back({first + static_cast<uint32_t>(k), 1, normal(random)});
      example.weight = 0.5 + static_cast<double>(i % 3);
      const double signal =
          example.features[0].value - 0.5 * example.features.back().value + 0.3 * normal(random);
      const double target = *learner.target_of(signal > 0 ? "+" : "-");
      learner.learn(example, target);
      stream.emplace_back(std::move(example), target);
      const size_t window_size = std::min(stream.size(), static_cast<size_t>(config.window));
      if (++pending >= std::clamp<size_t>(window_size / 8, 1, static_cast<size_t>(config.batch)))
        pending = 0;
    }
    double total = 0, weights = 0;
    Prediction prediction;
    for (size_t i = stream.size() - static_cast<size_t>(config.window); i < stream.size(); ++i) {
      learner.predict(stream[i].first, prediction);
      total += stream[i].first.weight * learner.loss(prediction, stream[i].second);
      weights += stream[i].first.weight;
    }
    tinymlkit::JsonWriter json;
    json.begin_object();
    learner.describe(json);
    json.end_object();
    const std::string text = json.finish();
    // The simplex's vertices come first in the description, the best first.
    const size_t at = text.find("\"window_loss\": ");
    REQUIRE(at != std::string::npos);
    const size_t number = at + std::string_view("\"window_loss\": ").size();
    double best = 0;
    REQUIRE(tinymlkit::parse_finite_number(
        std::string_view(text).substr(number, text.find_first_of(",\n}", number) - number), best));
    // The window's logistic loss comes from SoftplusTable, within 5e-11 of predict()'s softplus.
    const double table_error = loss == NmConfig::Loss::kLogistic ? 5e-11 : 0.0;
    CHECK(best == Approx(total / weights).epsilon(1e-12).margin(table_error));
  }
}

TEST_CASE("binary labels: any two tokens, a third refused") {
  NmLearner learner(config_with(NmConfig::Loss::kLogistic), 1);
  auto spam = learner.target_of("spam");
  auto ham = learner.target_of("ham");
  REQUIRE(spam);
  REQUIRE(ham);
  CHECK(*spam == 0);
  CHECK(*ham == 1);
  CHECK(*learner.target_of("spam") == 0);
  auto third = learner.target_of("eggs");
  REQUIRE_FALSE(third);
  CHECK_THAT(third.error(), Catch::Contains("third class after 'spam' and 'ham'"));
}

TEST_CASE("a classifier separates two classes and gives probabilities") {
  NmLearner learner(config_with(NmConfig::Loss::kLogistic), 1);
  std::mt19937_64 random(5);
  std::normal_distribution<double> normal;
  Prediction prediction;
  int right = 0;
  for (int i = 0; i < 2000; ++i) {
    Example example;
    const double x = normal(random);
    example.features = {{0, 1, x}};
    const double target = *learner.target_of(x > 0.3 ? "yes" : "no");
    learner.predict(example, prediction);
    if (i >= 1000) right += prediction.class_index == static_cast<uint32_t>(target);
    REQUIRE(prediction.probabilities.size() == learner.class_count());
    learner.learn(example, target);
  }
  CHECK(right >= 970);
  CHECK(prediction.probabilities[0] + prediction.probabilities[1] == Approx(1.0));
}

TEST_CASE("regression labels must be finite numbers; features must fit --max-features") {
  NmLearner learner(config_with(NmConfig::Loss::kSquared), 1);
  CHECK_FALSE(learner.target_of("spam"));
  CHECK_FALSE(learner.target_of("inf"));
  CHECK(*learner.target_of("-2.5e3") == -2500);
  Example wide;
  wide.features = {{1, 5, 1.0}, {64, 9, 1.0}};
  auto problem = learner.check_learnable(wide);
  REQUIRE_FALSE(problem);
  CHECK(problem.error().column == 9);
}

TEST_CASE("a corrupt learner state is refused, never trusted") {
  NmLearner learner(config_with(NmConfig::Loss::kSquared), 1);
  Example example;
  example.features = {{0, 1, 1.0}};
  for (int i = 0; i < 50; ++i) {
    example.features[0].value = i;
    learner.learn(example, 2.0 * i);
  }
  const std::string state = saved(learner);
  for (size_t cut = 0; cut < state.size(); cut += 7) {
    NmLearner loaded(config_with(NmConfig::Loss::kSquared), 1);
    tinymlkit::ByteReader in(std::string_view(state).substr(0, cut), "m.tmk");
    CHECK_FALSE(loaded.load(in));
  }
}

TEST_CASE("a window example whose feature indexes do not increase is refused when loaded") {
  NmLearner learner(config_with(NmConfig::Loss::kSquared), 1);
  Example example;
  example.features = {{0, 1, 1.0}, {1, 1, 3.0}};
  learner.learn(example, 2.0);
  std::string state = saved(learner);
  // The window's one example: index 0 (u32), 1.0 (f64), index 1, 3.0. Index 1 becomes 0, a
  // repeated index, which the reader never produces.
  const std::string features(
      "\0\0\0\0"
      "\0\0\0\0\0\0\xf0\x3f"
      "\x01\0\0\0",
      16);
  const size_t at = state.find(features);
  REQUIRE(at != std::string::npos);
  state[at + 12] = 0;
  NmLearner loaded(config_with(NmConfig::Loss::kSquared), 1);
  tinymlkit::ByteReader in(state, "m.tmk");
  const tinymlkit::Status status = loaded.load(in);
  REQUIRE_FALSE(status);
  CHECK_THAT(status.error().message, Catch::Contains("a window example with a bad feature"));
}

TEST_CASE("importance weights decide between conflicting examples") {
  NmLearner learner(config_with(NmConfig::Loss::kSquared), 1);
  std::mt19937_64 random(13);
  std::normal_distribution<double> normal;
  for (int i = 0; i < 3000; ++i) {
    Example example;
    const double x = normal(random);
    example.features = {{0, 1, x}};
    const bool heavy = i % 2 == 0;  // y = 3x, weight 1; against y = -3x, weight 0.01
    example.weight = heavy ? 1.0 : 0.01;
    learner.learn(example, heavy ? 3 * x : -3 * x);
  }
  CHECK(learner.raw_weights()[1] > 2.5);
}

TEST_CASE("a model whose parameters went NaN is refused when loaded, so it never reaches aggregation") {
  NmLearner learner(config_with(NmConfig::Loss::kSquared), 1);
  Example example;
  example.features = {{0, 1, 1.0}};
  for (int i = 0; i < 30; ++i) {
    example.features[0].value = i % 2 == 0 ? std::nan("") : 1.0;  // what a hostile client could send
    learner.learn(example, 1.0);
  }
  const std::string state = saved(learner);
  NmLearner loaded(config_with(NmConfig::Loss::kSquared), 1);
  tinymlkit::ByteReader in(state, "client.tmk");
  auto status = loaded.load(in);
  REQUIRE_FALSE(status);
  CHECK_THAT(status.error().message, Catch::Contains("NaN"));
}

TEST_CASE("aggregation aligns clients of different feature dimensions by index") {
  // Client a sees y = 2 x0 + 3 x1; client b only ever sees x0 (y = 2 x0); c is like a.
  std::vector<NmLearner> clients;
  std::mt19937_64 random(21);
  std::normal_distribution<double> normal;
  for (bool wide : {true, false, true}) {
    NmLearner learner(config_with(NmConfig::Loss::kSquared), 1);
    for (int i = 0; i < 3000; ++i) {
      Example example;
      const double x0 = normal(random), x1 = normal(random);
      example.features = {{0, 1, x0}};
      if (wide) example.features.push_back({1, 1, x1});
      learner.learn(example, 2 * x0 + (wide ? 3 * x1 : 0.0));
    }
    clients.push_back(std::move(learner));
  }
  const std::vector<const tinymlkit::Learner*> pointers{&clients[0], &clients[1], &clients[2]};
  NmLearner global(config_with(NmConfig::Loss::kSquared), 1);
  REQUIRE(global.aggregate(pointers, tinymlkit::AggregationRule::kMedian, 1, nullptr));
  const std::vector<double> weights = global.raw_weights();
  REQUIRE(weights.size() == 3);  // bias, x0, x1: the widest client's dimension
  CHECK(weights[1] == Approx(2).margin(0.1));
  CHECK(weights[2] == Approx(3).margin(0.1));  // median of (3, 0, 3): b's missing weight counts as 0
}

TEST_CASE("values too large to accumulate are refused, not learned into an unloadable model") {
  // Found by fuzz_model_hoeffding: a square past the double range made a model refuse its own file.
  NmLearner learner(config_with(NmConfig::Loss::kSquared), 1);
  Example example;
  example.features = {{0, 5, 1e200}};
  auto problem = learner.check_learnable(example);
  REQUIRE_FALSE(problem);
  CHECK(problem.error().column == 5);
  CHECK_THAT(problem.error().what, Catch::Contains("too large"));
  example.features[0].value = 9e99;
  CHECK(learner.check_learnable(example));
  CHECK_FALSE(learner.target_of("-1e150"));
  CHECK(learner.target_of("1e99"));
}

TEST_CASE("a client whose parameters overflow in the data's units is unfit, by its own account") {
  // Load-valid but hostile: a feature with mean 9e99 and variance 1e-250 (spliced into a saved
  // state) makes the client's weights in data units infinite; the round must exclude it by name.
  NmLearner honest(config_with(NmConfig::Loss::kSquared), 1);
  Example example;
  example.features = {{0, 1, 0.0}};
  for (int i = 0; i < 40; ++i) {
    example.features[0].value = 0.1 * i;
    honest.learn(example, 0.5 * i);
  }
  CHECK_FALSE(honest.unfit_client());
  tinymlkit::FeatureStatistics normal, hostile;
  normal.assign(40, std::vector<double>{1.0}, std::vector<double>{1.0});
  hostile.assign(40, std::vector<double>{9e99}, std::vector<double>{1e-250});
  tinymlkit::ByteWriter normal_bytes, hostile_bytes;
  normal.save(normal_bytes);
  hostile.save(hostile_bytes);
  std::string state = saved(honest);
  const size_t labels_bytes = 8;  // an empty class dictionary: its count
  state.replace(labels_bytes, normal_bytes.bytes().size(), hostile_bytes.bytes());
  NmLearner crafted(config_with(NmConfig::Loss::kSquared), 1);
  tinymlkit::ByteReader in(state, "client.tmk");
  REQUIRE(crafted.load(in));
  const auto problem = crafted.unfit_client();
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("past 1e100"));
}
