// One example through each learner at its defaults, as the command line does it: predict, then
// learn. The learner first sees a warm-up stream so the figures are those of a grown model.
#include <benchmark/benchmark.h>

#include "streams.hpp"
#include "tinymlkit/defaults/hoeffding-regressor.hpp"
#include "tinymlkit/defaults/hoeffding.hpp"
#include "tinymlkit/defaults/nm.hpp"

namespace {

using tinymlkit::bench::LabeledExample;

constexpr size_t kStreamRows = 1 << 16;

template <class Learner, class Config>
void run_example_by_example(benchmark::State& state, const std::vector<LabeledExample>& stream) {
  Config config;
  tinymlkit::set_defaults(config);
  Learner learner(config, 1);
  std::vector<double> targets;
  for (const LabeledExample& row : stream) {
    auto target = learner.target_of(row.label);
    if (!target) {
      state.SkipWithError(target.error().c_str());
      return;
    }
    targets.push_back(*target);
  }
  tinymlkit::Prediction prediction;
  for (size_t i = 0; i < stream.size(); ++i) {  // warm-up: one pass
    learner.predict(stream[i].example, prediction);
    learner.learn(stream[i].example, targets[i]);
  }
  size_t next = 0;
  for (auto _ : state) {
    learner.predict(stream[next].example, prediction);
    learner.learn(stream[next].example, targets[next]);
    benchmark::DoNotOptimize(prediction.value);
    next = (next + 1) % stream.size();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_HoeffdingTreeExample(benchmark::State& state) {
  run_example_by_example<tinymlkit::HoeffdingTree, tinymlkit::HoeffdingConfig>(
      state, tinymlkit::bench::sea_stream(kStreamRows, 3));
}
BENCHMARK(BM_HoeffdingTreeExample);

void BM_HoeffdingRegressorExample(benchmark::State& state) {
  run_example_by_example<tinymlkit::HoeffdingRegressor, tinymlkit::HoeffdingRegressorConfig>(
      state, tinymlkit::bench::linear_stream(kStreamRows, 10, 4));
}
BENCHMARK(BM_HoeffdingRegressorExample);

void BM_NmExample(benchmark::State& state) {
  run_example_by_example<tinymlkit::NmLearner, tinymlkit::NmConfig>(
      state, tinymlkit::bench::linear_stream(kStreamRows, 10, 5));
}
BENCHMARK(BM_NmExample);

}  // namespace
