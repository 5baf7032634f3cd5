#include "tinymlkit/number_format.hpp"

#include <bit>
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

namespace {

constexpr double kExactPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6, 1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// Clinger's fast path for what data files mostly hold, a short plain decimal ("-0.87034"): with
// at most 15 digits it is an integer below 2^53 over a power of ten up to 1e15, both exact, and
// one IEEE division rounds their quotient correctly, to the double fast_float would give. It
// reads in one pass what fast_float's general parser reads at about four times the cost.
// Anything else (an exponent, more digits, no digit) is fast_float's: nullptr.
const char* parse_short_decimal(const char* p, const char* last, double& value) {
  const bool negative = p < last && *p == '-';
  p += negative;  // signs are random in data: no branch to mispredict
  uint64_t mantissa = 0;
  int digits = 0, fraction_digits = 0;
  for (; p < last && static_cast<unsigned char>(*p - '0') < 10; ++p, ++digits)
    mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
  if (digits == 0) return nullptr;
  if (p < last && *p == '.') {
    for (++p; p < last && static_cast<unsigned char>(*p - '0') < 10; ++p, ++fraction_digits)
      mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
    if (fraction_digits == 0) return nullptr;
  }
  if (digits + fraction_digits > 15 || (p < last && (*p == 'e' || *p == 'E'))) return nullptr;
  const double magnitude = static_cast<double>(mantissa) / kExactPowersOfTen[fraction_digits];
  value = std::bit_cast<double>(std::bit_cast<uint64_t>(magnitude) | uint64_t{negative} << 63);
  return p;
}

}  // namespace

const char* parse_finite_prefix(const char* first, const char* last, double& value) {
  if (const char* end = parse_short_decimal(first, last, value)) return end;
  auto [end, error] = fast_float::from_chars(first, last, value);
  return error == std::errc() && std::isfinite(value) ? end : nullptr;
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
