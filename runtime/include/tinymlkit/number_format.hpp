// Numbers as text: the shortest decimal that reads back to the same double, so predictions and
// readable models are exact yet short, and identical between builds.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

namespace tinymlkit {

// A finite decimal number that takes up the whole of `text` (fast_float: std::from_chars for
// double is missing from the wasm libc++).
bool parse_finite_number(std::string_view text, double& value);

inline constexpr double kExactPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// Clinger's fast path for what data files mostly hold, a short plain decimal ("-0.87034"): with
// at most 15 digits it is an integer below 2^53 over a power of ten up to 1e15, both exact, and
// one IEEE division rounds their quotient correctly, to the double fast_float would give. It
// reads in one pass what fast_float's general parser reads at about four times the cost.
// Anything else (an exponent, more digits, no digit) is fast_float's: nullptr. Inline, so that the
// data reader's loop holds it: called, the value went through memory and waited for the division.
inline const char* parse_short_decimal(const char* p, const char* last, double& value) {
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

// The finite number at `first` by fast_float, read as far as it goes: where it ends, or nullptr.
const char* parse_finite_number_in_full(const char* first, const char* last, double& value);

// The finite number that starts at `first`, read as far as it goes: where it ends, or nullptr if
// none starts there or it is not finite. Lets a parser read a number without finding its end first.
inline const char* parse_finite_prefix(const char* first, const char* last, double& value) {
  if (const char* end = parse_short_decimal(first, last, value)) return end;
  return parse_finite_number_in_full(first, last, value);
}
// A number that takes up the whole of `text`, finite or not: tells "nan" from "abc".
bool parses_as_number(std::string_view text);

void append_number(std::string& out, double value);
std::string format_number(double value);
// A fixed number of significant digits, for the progress table a person reads.
std::string format_rounded(double value, int significant_digits);

}  // namespace tinymlkit
