// One Nelder–Mead iteration on the objective tinymlkit-nm minimizes (the mean loss of a linear
// model over its window of recent examples), and one whole example through tinymlkit-nm.
#include <benchmark/benchmark.h>

#include <span>

#include "streams.hpp"
#include "tinymlkit/defaults/nm.hpp"
#include "tinymlkit/nelder_mead.hpp"

namespace {

using tinymlkit::bench::LabeledExample;

// A fresh simplex every so many iterations, so the figures are those of a simplex still moving
// (a converged one only shrinks) without timing its set-up.
constexpr int kIterationsPerSimplex = 50;

void BM_NelderMeadIteration(benchmark::State& state) {
  const auto features = static_cast<size_t>(state.range(0));
  tinymlkit::NmConfig config;
  tinymlkit::set_defaults(config);
  const std::vector<LabeledExample> window =
      tinymlkit::bench::linear_stream(static_cast<size_t>(config.window), features, 2);
  std::vector<double> targets;
  for (const LabeledExample& row : window) targets.push_back(std::stod(row.label));
  auto window_loss = [&](std::span<const double> theta) {
    double total = 0;
    for (size_t i = 0; i < window.size(); ++i) {
      double prediction = theta[0];
      for (const tinymlkit::Feature& f : window[i].example.features)
        prediction += theta[1 + f.index] * f.value;
      total += (prediction - targets[i]) * (prediction - targets[i]);
    }
    return total / static_cast<double>(window.size());
  };
  const std::vector<double> start(features + 1, 0.0), steps(features + 1, config.initial_step);
  tinymlkit::NelderMead method(tinymlkit::NelderMeadCoefficients::adaptive(features + 1));
  tinymlkit::Simplex simplex;
  size_t evaluations = 0;
  int iterations = 0;
  for (auto _ : state) {
    if (iterations++ % kIterationsPerSimplex == 0) {
      state.PauseTiming();
      simplex = tinymlkit::Simplex::around(start, steps);
      method.evaluate(simplex, window_loss);
      state.ResumeTiming();
    }
    evaluations += method.iterate(simplex, window_loss);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["evaluations/iteration"] =
      static_cast<double>(evaluations) / static_cast<double>(state.iterations());
  state.counters["window"] = static_cast<double>(window.size());
}
BENCHMARK(BM_NelderMeadIteration)->ArgName("features")->Arg(3)->Arg(10)->Arg(100);

}  // namespace
