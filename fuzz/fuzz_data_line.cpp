// libFuzzer target: one line of the data format. Any bytes must parse or be refused with a
// column inside the line, and a parsed example must keep the format's invariants. The same bytes
// read as a number by the parser's fast path must give fast_float's double, bit for bit, and a
// parsed line's features must be those its tokens give read one by one with fast_float.
#include <algorithm>
#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tinymlkit/data_reader.hpp"
#include "tinymlkit/number_format.hpp"

namespace {

// The bytes read by the reader's number fast path, from a copy padded to its reach.
void check_number_prefix(std::string_view text) {
  const std::string padded = std::string(text) + std::string(tinymlkit::kShortDecimalReach, '\0');
  double value = 0, expected = 0;
  const char* end = tinymlkit::parse_short_decimal(padded.data(), value);
  if (end == nullptr) return;
  if (!tinymlkit::parse_finite_number(text.substr(0, static_cast<size_t>(end - padded.data())),
                                      expected) ||
      std::bit_cast<uint64_t>(value) != std::bit_cast<uint64_t>(expected))
    std::abort();
}

// The features after the line's first '|' read the slow way: each blank-separated token is
// `index` or `index:value`, the value read by fast_float; zeros left out, sorted by index. The
// reader's fast path must give these, columns included.
void check_features(std::string_view line, const tinymlkit::Example& example) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  std::vector<tinymlkit::Feature> expected;
  for (size_t pos = line.find('|') + 1;;) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    if (pos == line.size()) break;
    size_t end = pos;
    while (end < line.size() && !is_blank(line[end])) ++end;
    const std::string_view token = line.substr(pos, end - pos);
    const size_t colon = std::min(token.find(':'), token.size());
    uint32_t index = 0;
    double value = 1.0;
    if (std::from_chars(token.data(), token.data() + colon, index).ptr != token.data() + colon ||
        (colon < token.size() && !tinymlkit::parse_finite_number(token.substr(colon + 1), value)))
      std::abort();  // parse_line took a token that is no feature
    if (value != 0.0) expected.push_back({index, static_cast<uint32_t>(pos + 1), value});
    pos = end;
  }
  tinymlkit::sort_by_index(expected);
  if (expected.size() != example.features.size()) std::abort();
  for (size_t i = 0; i < expected.size(); ++i) {
    const tinymlkit::Feature& got = example.features[i];
    if (got.index != expected[i].index || got.column != expected[i].column ||
        std::bit_cast<uint64_t>(got.value) != std::bit_cast<uint64_t>(expected[i].value))
      std::abort();
  }
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
  if (*kind == tinymlkit::LineKind::kExample) check_features(line, example);
  for (size_t i = 1; i < example.features.size(); ++i)
    if (example.features[i - 1].index >= example.features[i].index) std::abort();  // sorted, unique
  for (const tinymlkit::Feature& f : example.features)
    if (f.value == 0.0 || f.value != f.value || f.value - f.value != 0.0) std::abort();  // finite, nonzero
  if (!(example.weight >= 0)) std::abort();
  return 0;
}
