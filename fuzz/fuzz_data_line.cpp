// libFuzzer target: one line of the data format. Any bytes must parse or be refused with a
// column inside the line, and a parsed example must keep the format's invariants. The same bytes
// read as a number by the parser's fast path must give fast_float's double, bit for bit.
#include <cstddef>
#include <cstdint>
#include <bit>
#include <cstdlib>
#include <string_view>

#include "tinymlkit/data_reader.hpp"
#include "tinymlkit/number_format.hpp"

namespace {

void check_number_prefix(std::string_view text) {
  double value = 0, expected = 0;
  const char* end = tinymlkit::parse_finite_prefix(text.data(), text.data() + text.size(), value);
  if (end == nullptr) return;
  if (!tinymlkit::parse_finite_number(text.substr(0, static_cast<size_t>(end - text.data())), expected) ||
      std::bit_cast<uint64_t>(value) != std::bit_cast<uint64_t>(expected))
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  check_number_prefix(line);
  tinymlkit::Example example;
  auto kind = tinymlkit::parse_line(line, example);
  if (!kind) {
    if (kind.error().column < 1 || kind.error().column > size + 1) std::abort();
    return 0;
  }
  for (size_t i = 1; i < example.features.size(); ++i)
    if (example.features[i - 1].index >= example.features[i].index) std::abort();  // sorted, unique
  for (const tinymlkit::Feature& f : example.features)
    if (f.value == 0.0 || f.value != f.value || f.value - f.value != 0.0) std::abort();  // finite, nonzero
  if (!(example.weight >= 0)) std::abort();
  return 0;
}
