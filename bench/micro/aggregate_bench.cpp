// Each aggregation rule over 1,000 client vectors, a tenth of them Byzantine (far off).
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "tinymlkit/aggregate.hpp"

namespace {

constexpr size_t kClients = 1000;
constexpr size_t kByzantine = kClients / 10;

std::vector<std::vector<double>> client_vectors(size_t dimension) {
  std::mt19937_64 random(6);
  std::normal_distribution<double> honest(1.0, 0.1);
  std::vector<std::vector<double>> rows(kClients, std::vector<double>(dimension));
  for (size_t i = 0; i < kClients; ++i) {
    for (double& x : rows[i]) x = i < kByzantine ? 1e6 : honest(random);
  }
  return rows;
}

void aggregate_clients(benchmark::State& state, tinymlkit::AggregationRule rule) {
  const auto dimension = static_cast<size_t>(state.range(0));
  const std::vector<std::vector<double>> rows = client_vectors(dimension);
  size_t iterations = 0;
  for (auto _ : state) {
    auto result = tinymlkit::aggregate(rule, rows, kByzantine);
    if (!result) {
      state.SkipWithError("aggregation refused its input");
      break;
    }
    iterations = result->iterations;
    benchmark::DoNotOptimize(result->value.data());
  }
  state.counters["clients"] = kClients;
  if (iterations > 0) state.counters["weiszfeld_iterations"] = static_cast<double>(iterations);
}

// Registered by name ("BM_Aggregate/geomedian/dimension:11"): a model of 10 features, and one of
// 1,000 parameters.
const bool registered = [] {
  for (auto rule :
       {tinymlkit::AggregationRule::kMedian, tinymlkit::AggregationRule::kGeometricMedian,
        tinymlkit::AggregationRule::kMeanAroundMedian, tinymlkit::AggregationRule::kTrimmedMean,
        tinymlkit::AggregationRule::kKrum, tinymlkit::AggregationRule::kCenteredClip, tinymlkit::AggregationRule::kMean}) {
    const std::string name = "BM_Aggregate/" + std::string(tinymlkit::aggregation_rule_name(rule));
    benchmark::RegisterBenchmark(name.c_str(), aggregate_clients, rule)
        ->ArgName("dimension")
        ->Arg(11)
        ->Arg(1000)
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}();

}  // namespace
