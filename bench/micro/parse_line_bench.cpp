// Parsing one line of the data format into an Example (the reader's inner loop, without I/O),
// beside a yardstick: the same lines read by the obvious reader built on fast_float, the exact
// parser that the runtime itself falls back to, with std::from_chars for the indexes.
#include <benchmark/benchmark.h>

#include <charconv>
#include <string_view>

#include "fast_float/fast_float.h"

#include "streams.hpp"
#include "tinymlkit/data_reader.hpp"

namespace {

// Reads the lines of a stream of state.range(0) features with `read`, one line an iteration.
template <class Read>
void read_lines(benchmark::State& state, Read read) {
  const auto features = static_cast<size_t>(state.range(0));
  const std::vector<std::string> lines =
      tinymlkit::bench::as_lines(tinymlkit::bench::linear_stream(4096, features, 1));
  tinymlkit::Example example;
  size_t next = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& line = lines[next];
    read(line, example);
    bytes += line.size() + 1;
    next = (next + 1) % lines.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_ParseLine(benchmark::State& state) {
  read_lines(state, [](std::string_view line, tinymlkit::Example& example) {
    auto kind = tinymlkit::parse_line(line, example);
    benchmark::DoNotOptimize(kind);
  });
}
BENCHMARK(BM_ParseLine)->ArgName("features")->Arg(3)->Arg(10)->Arg(100);

// The label and each `index:value`, every number converted exactly, into the same features; no
// checks beyond what the two parsers make.
void read_with_fast_float(std::string_view line, tinymlkit::Example& example) {
  example.features.clear();
  const char* p = line.data();
  const char* const end = p + line.size();
  double label = 0;
  p = fast_float::from_chars(p, end, label).ptr;
  benchmark::DoNotOptimize(label);
  p += 3;  // " | "
  while (p < end) {
    tinymlkit::Feature feature{};
    p = std::from_chars(p, end, feature.index).ptr + 1;         // past the ':'
    p = fast_float::from_chars(p, end, feature.value).ptr + 1;  // past the blank
    example.features.push_back(feature);
  }
  benchmark::DoNotOptimize(example.features.data());
}

void BM_ParseLineByFastFloat(benchmark::State& state) { read_lines(state, read_with_fast_float); }
BENCHMARK(BM_ParseLineByFastFloat)->ArgName("features")->Arg(3)->Arg(10)->Arg(100);

}  // namespace
