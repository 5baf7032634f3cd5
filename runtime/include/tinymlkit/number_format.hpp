// Numbers as text: the shortest decimal that reads back to the same double, so predictions and
// readable models are exact yet short, and identical between builds.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tinymlkit {

// A finite decimal number that takes up the whole of `text` (fast_float: std::from_chars for
// double is missing from the wasm libc++).
bool parse_finite_number(std::string_view text, double& value);

inline constexpr double kExactPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// The digits at `p`, each taken into `value` (times ten plus the digit), up to the first byte that
// is not one: where that byte is, or nullptr at a digit at `cap`. Tests no end: whoever calls
// it knows that every byte up to `cap` can be read.
template <typename Integer>
inline const char* take_digits(const char* p, const char* cap, Integer& value) {
  for (;; ++p) {
    const unsigned digit = static_cast<unsigned char>(*p) - unsigned{'0'};
    if (digit > 9) return p;
    if (p == cap) return nullptr;
    value = value * 10 + digit;
  }
}

// Clinger's fast path for what data files mostly hold, a short plain decimal ("-0.87034"): with
// at most 15 digits it is an integer below 2^53 over a power of ten up to 1e15, both exact, and
// one IEEE division rounds their quotient correctly, to the double fast_float would give. It
// reads in one pass what fast_float's general parser reads at about four times the cost.
// Anything else (an exponent, more digits, no digit) is fast_float's: nullptr.
//
// It reads at most kShortDecimalReach bytes from `p`, all of which must be readable, and tests no
// end pointer: a number ends at the first byte that cannot continue it, and a 16th digit stops it.
// Inline, so that the data reader's loop holds it: called, the value went through memory and
// waited for the division.
inline constexpr size_t kShortDecimalReach = 18;  // a sign, 15 digits, the point, the byte after
inline const char* parse_short_decimal(const char* p, double& value) {
  const bool negative = *p == '-';
  p += negative;  // signs are random in data: no branch to mispredict
  const char* const first_digit = p;
  const char* const sixteenth_digit = first_digit + 15;
  uint64_t mantissa = 0;
  p = take_digits(p, sixteenth_digit, mantissa);
  if (p == nullptr || p == first_digit) return nullptr;
  int fraction_digits = 0;
  if (*p == '.') {
    const char* const point = p;
    // Past the point, a 16th digit is one byte further.
    p = take_digits(p + 1, sixteenth_digit + 1, mantissa);
    if (p == nullptr) return nullptr;
    fraction_digits = static_cast<int>(p - point - 1);
    if (fraction_digits == 0) return nullptr;
  }
  if (*p == 'e' || *p == 'E') return nullptr;
  // Below 2^53, so converted as signed: the unsigned conversion tests the sign bit first.
  const double magnitude =
      static_cast<double>(static_cast<int64_t>(mantissa)) / kExactPowersOfTen[fraction_digits];
  value = std::bit_cast<double>(std::bit_cast<uint64_t>(magnitude) | uint64_t{negative} << 63);
  return p;
}

// A number that takes up the whole of `text`, finite or not: tells "nan" from "abc".
bool parses_as_number(std::string_view text);

void append_number(std::string& out, double value);
std::string format_number(double value);
// A fixed number of significant digits, for the progress table a person reads.
std::string format_rounded(double value, int significant_digits);

}  // namespace tinymlkit
