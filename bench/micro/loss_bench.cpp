// One loss value, the unit of tinymlkit-nm's work on the window (about 820 of them an example):
// the logistic loss's softplus against the portable log1p(exp(.)) it replaced, the table that the
// window's loss sums it with, and hinge's.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "tinymlkit/loss.hpp"
#include "tinymlkit/portable_math.hpp"
#include "tinymlkit/softplus_table.hpp"

namespace {

// Margins as a learning model sees them: both signs, mostly within a few units of 0.
std::vector<double> margins() {
  std::mt19937_64 random(1);
  std::normal_distribution<double> margin(0, 3);
  std::vector<double> out(1024);
  for (double& m : out) m = margin(random);
  return out;
}

template <class LossOfMargin>
void run(benchmark::State& state, LossOfMargin loss) {
  const std::vector<double> values = margins();
  for (auto _ : state) {
    double total = 0;
    for (double m : values) total += loss(m);
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values.size()));
}

void BM_Loss_Logistic(benchmark::State& state) {
  run(state, [](double m) { return tinymlkit::logistic_loss(1.0, m); });
}
void BM_Loss_LogisticByLog1pExp(benchmark::State& state) {
  namespace math = tinymlkit::math;
  run(state,
      [](double m) { return m < 0 ? -m + math::log1p(math::exp(m)) : math::log1p(math::exp(-m)); });
}
void BM_Loss_LogisticByTable(benchmark::State& state) {
  const tinymlkit::SoftplusTable& softplus = tinymlkit::SoftplusTable::shared();
  run(state, [&softplus](double m) { return softplus(-m); });
}
void BM_Loss_Hinge(benchmark::State& state) {
  run(state, [](double m) { return tinymlkit::hinge_loss(1.0, m); });
}
BENCHMARK(BM_Loss_Logistic);
BENCHMARK(BM_Loss_LogisticByLog1pExp);
BENCHMARK(BM_Loss_LogisticByTable);
BENCHMARK(BM_Loss_Hinge);

}  // namespace
