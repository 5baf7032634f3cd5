// Parsing one line of the data format into an Example (the reader's inner loop, without I/O).
#include <benchmark/benchmark.h>

#include "streams.hpp"
#include "tinymlkit/data_reader.hpp"

namespace {

void BM_ParseLine(benchmark::State& state) {
  const auto features = static_cast<size_t>(state.range(0));
  const std::vector<std::string> lines =
      tinymlkit::bench::as_lines(tinymlkit::bench::linear_stream(4096, features, 1));
  tinymlkit::Example example;
  size_t next = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& line = lines[next];
    auto kind = tinymlkit::parse_line(line, example);
    benchmark::DoNotOptimize(kind);
    bytes += line.size() + 1;
    next = (next + 1) % lines.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ParseLine)->ArgName("features")->Arg(3)->Arg(10)->Arg(100);

}  // namespace
