#include "tinymlkit/number_format.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>

#include "fast_float/fast_float.h"

// fmt's Dragonbox prints the shortest round-trip decimal like std::to_chars, but libc++'s
// to_chars drags in its 104 KB fixed-notation tables, a third of each .wasm module.
#define FMT_HEADER_ONLY
#define FMT_STATIC_THOUSANDS_SEPARATOR ','  // no <locale>: the wasm libc++ has none
#include "fmt/compile.h"

namespace tinymlkit {

bool parse_finite_number(std::string_view text, double& value) {
  auto [end, error] = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

bool parses_as_number(std::string_view text) {
  double value = 0;
  auto [end, error] = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  return end == text.data() + text.size() &&
         (error == std::errc() || error == std::errc::result_out_of_range);
}

void append_number(std::string& out, double value) {
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), value);
}

std::string format_number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

std::string format_rounded(double value, int significant_digits) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*g", significant_digits, value);
  return buffer;
}

}  // namespace tinymlkit
