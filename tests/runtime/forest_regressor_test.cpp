#include "tinymlkit/forest_regressor.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "tinymlkit/defaults/forest-regressor.hpp"
#include "tinymlkit/defaults/hoeffding-regressor.hpp"
#include "tinymlkit/hoeffding_regressor.hpp"

using tinymlkit::Example;
using tinymlkit::ForestRegressor;
using tinymlkit::ForestRegressorConfig;
using tinymlkit::Learner;
using tinymlkit::Prediction;

namespace {

ForestRegressorConfig forest_config() {
  ForestRegressorConfig config;
  tinymlkit::set_defaults(config);
  return config;
}

struct Row {
  Example example;
  double y;
};

// Friedman's first function (the shared friedman1.txt's), x uniform in [0, 1]^10, noise N(0, 1):
// five features matter, nonlinearly and with an interaction; five are noise.
std::vector<Row> friedman_stream(size_t length, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::normal_distribution<double> noise(0, 1);
  std::vector<Row> stream(length);
  for (Row& row : stream) {
    for (uint32_t j = 0; j < 10; ++j) row.example.features.push_back({j, 1, uniform(random)});
    const auto x = [&](size_t j) { return row.example.features[j].value; };
    row.y = 10 * std::sin(M_PI * x(0) * x(1)) + 20 * (x(2) - 0.5) * (x(2) - 0.5) + 10 * x(3) + 5 * x(4) +
            noise(random);
  }
  return stream;
}

// Test-then-train on rows [from, to) with targets target(i, row); the root mean squared error of
// the predictions.
template <class Target>
double run_stream(Learner& model, const std::vector<Row>& stream, size_t from, size_t to, Target target) {
  Prediction prediction;
  double squares = 0;
  for (size_t i = from; i < to; ++i) {
    const double y = target(i, stream[i]);
    model.predict(stream[i].example, prediction);
    squares += (y - prediction.value) * (y - prediction.value);
    model.learn(stream[i].example, y);
  }
  return std::sqrt(squares / static_cast<double>(to - from));
}

double label(size_t, const Row& row) { return row.y; }

std::string saved(const Learner& model) {
  tinymlkit::ByteWriter out;
  model.save(out);
  return out.bytes();
}

double figure(const Learner& model, const std::string& key) {
  for (const auto& f : model.summary_figures())
    if (f.key == key) return f.value;
  FAIL("no summary figure " << key);
  return 0;
}

}  // namespace

TEST_CASE("the forest regressor predicts Friedman's function better than one regression tree") {
  const std::vector<Row> stream = friedman_stream(20000, 1);
  ForestRegressor forest(forest_config(), 1);
  run_stream(forest, stream, 0, 15000, label);
  tinymlkit::HoeffdingRegressorConfig tree_config;
  tinymlkit::set_defaults(tree_config);
  tinymlkit::HoeffdingRegressor tree(tree_config, 1);
  run_stream(tree, stream, 0, 15000, label);
  const double forest_rmse = run_stream(forest, stream, 15000, 20000, label);
  const double tree_rmse = run_stream(tree, stream, 15000, 20000, label);
  INFO("forest " << forest_rmse << ", tree " << tree_rmse);
  CHECK(forest_rmse < 0.9 * tree_rmse);
  CHECK(forest_rmse < 2.0);  // the noise alone is 1
  CHECK(figure(forest, "trees") == 10);
}

TEST_CASE("on a stationary stream the forest regressor's detectors stay quiet") {
  ForestRegressor forest(forest_config(), 2);
  run_stream(forest, friedman_stream(30000, 2), 0, 30000, label);
  CHECK(figure(forest, "drifts") <= 1);
}

TEST_CASE("after an abrupt change the forest regressor's detectors replace its trees") {
  const std::vector<Row> stream = friedman_stream(30000, 3);
  // The same features, another function of them from row 15000 on.
  const auto changing = [](size_t i, const Row& row) {
    return i < 15000 ? row.y : 20 * row.example.features[5].value - 10 * row.example.features[6].value;
  };
  ForestRegressor forest(forest_config(), 3);
  run_stream(forest, stream, 0, 28000, changing);
  CHECK(figure(forest, "drifts") >= 5);
  CHECK(figure(forest, "swaps") + figure(forest, "resets") == figure(forest, "drifts"));
  ForestRegressorConfig without = forest_config();
  without.drift_detection = ForestRegressorConfig::DriftDetection::kNone;
  ForestRegressor unwatched(without, 3);
  run_stream(unwatched, stream, 0, 28000, changing);
  const double watched_rmse = run_stream(forest, stream, 28000, 30000, changing);
  const double unwatched_rmse = run_stream(unwatched, stream, 28000, 30000, changing);
  INFO("with detectors " << watched_rmse << ", without " << unwatched_rmse);
  CHECK(watched_rmse < unwatched_rmse);
}

TEST_CASE("a forest regressor saved mid-stream and resumed equals one run; the seed decides the forest") {
  const std::vector<Row> stream = friedman_stream(3000, 4);
  ForestRegressor one_run(forest_config(), 7);
  run_stream(one_run, stream, 0, 3000, label);

  ForestRegressor first_half(forest_config(), 7);
  run_stream(first_half, stream, 0, 1500, label);
  ForestRegressor resumed(forest_config(), 99);  // the seed is in the model file
  const std::string bytes = saved(first_half);
  tinymlkit::ByteReader reader(bytes, "test");
  REQUIRE(resumed.load(reader));
  run_stream(resumed, stream, 1500, 3000, label);
  CHECK(saved(resumed) == saved(one_run));

  ForestRegressor other_seed(forest_config(), 8);
  run_stream(other_seed, stream, 0, 3000, label);
  CHECK(saved(other_seed) != saved(one_run));
}

TEST_CASE("a federated forest of regressors outvotes clients whose labels are off by 1000") {
  const std::vector<Row> stream = friedman_stream(12000, 5);
  std::vector<ForestRegressor> clients;
  for (uint64_t c = 0; c < 5; ++c) {
    clients.emplace_back(forest_config(), 10 + c);
    const double offset = c < 2 ? 1000.0 : 0.0;  // two Byzantine clients of five
    run_stream(clients.back(), stream, c * 2000, (c + 1) * 2000, [&](size_t, const Row& row) { return row.y + offset; });
  }
  std::vector<const Learner*> sent;
  for (const ForestRegressor& client : clients) sent.push_back(&client);
  ForestRegressor global(forest_config(), 1);
  REQUIRE(global.aggregate(sent, tinymlkit::AggregationRule::kMedian, 2, nullptr));
  CHECK(figure(global, "members") == 5);
  CHECK(figure(global, "trees") == 50);
  // Held out: rows none of the clients learned, predicted only.
  Prediction prediction;
  double squares = 0;
  for (size_t i = 10000; i < 12000; ++i) {
    global.predict(stream[i].example, prediction);
    squares += (stream[i].y - prediction.value) * (stream[i].y - prediction.value);
  }
  const double rmse = std::sqrt(squares / 2000);
  INFO("held-out RMSE " << rmse);
  CHECK(rmse < 3.0);
}

// A regression model keeps what predicting an example computed for learning it next
// (PredictedExample). It must serve only that example, by the model that predicted it: learning
// with or without predicting first, after predicting another example, or after predicting and
// then loading another model, all give the same model, bit for bit.
template <class Model, class Config>
void check_learning_does_not_depend_on_predicting(const Config& config) {
  const std::vector<Row> stream = friedman_stream(3000, 11);
  Prediction prediction;
  Model predicting(config, 7), blind(config, 7), misled(config, 7);
  for (size_t i = 0; i < stream.size(); ++i) {
    predicting.predict(stream[i].example, prediction);
    predicting.learn(stream[i].example, stream[i].y);
    blind.learn(stream[i].example, stream[i].y);
    misled.predict(stream[(i + 1) % stream.size()].example, prediction);
    misled.learn(stream[i].example, stream[i].y);
  }
  CHECK(figure(blind, "leaves") >= 4);  // the trees split, and their leaves' models learned
  CHECK(saved(predicting) == saved(blind));
  CHECK(saved(misled) == saved(blind));

  Model early(config, 7);
  for (size_t i = 0; i < 500; ++i) early.learn(stream[i].example, stream[i].y);
  const std::string checkpoint = saved(early);
  Model loaded(config, 7), reloaded(config, 7);
  tinymlkit::ByteReader in(checkpoint, "early.tmk"), again(checkpoint, "early.tmk");
  REQUIRE(loaded.load(in));
  blind.predict(stream[500].example, prediction);  // by its 3000-example trees
  REQUIRE(blind.load(again));
  loaded.learn(stream[500].example, stream[500].y);
  blind.learn(stream[500].example, stream[500].y);
  CHECK(saved(blind) == saved(loaded));
}

TEST_CASE("a regression model learns an example the same whether or not it predicted it first") {
  SECTION("the forest") {
    check_learning_does_not_depend_on_predicting<ForestRegressor>(forest_config());
  }
  SECTION("the single tree") {
    tinymlkit::HoeffdingRegressorConfig tree_config;
    tinymlkit::set_defaults(tree_config);
    check_learning_does_not_depend_on_predicting<tinymlkit::HoeffdingRegressor>(tree_config);
  }
}
