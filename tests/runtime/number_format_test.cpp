#include "tinymlkit/number_format.hpp"

#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>

using tinymlkit::format_number;
using tinymlkit::parse_finite_number;

namespace {

// Significant digits of a decimal however it is written ("1e+16", "0.00125", "-3.5").
size_t significant_digits(const std::string& text) {
  std::string digits;
  for (char c : text.substr(0, text.find('e'))) {
    if (c >= '0' && c <= '9') digits += c;
  }
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 1;
  return digits.find_last_not_of('0') - first + 1;
}

// parse_short_decimal on `text` followed by zero bytes to its reach: where it stopped in `text`,
// or npos for nullptr.
size_t read_short_decimal(const std::string& text, double& value) {
  const std::string padded = text + std::string(tinymlkit::kShortDecimalReach, '\0');
  const char* end = tinymlkit::parse_short_decimal(padded.data(), value);
  return end == nullptr ? std::string::npos : static_cast<size_t>(end - padded.data());
}

}  // namespace

TEST_CASE("every printed double reads back bit for bit, in as few digits as libstdc++'s to_chars") {
  std::mt19937_64 random(7);
  int checked = 0;
  while (checked < 200000) {
    const double value = std::bit_cast<double>(random());
    if (!std::isfinite(value)) continue;
    const std::string text = format_number(value);
    double back = 0;
    REQUIRE(parse_finite_number(text, back));
    REQUIRE(std::bit_cast<uint64_t>(back) == std::bit_cast<uint64_t>(value));
    char reference[32];
    const auto [end, error] = std::to_chars(reference, reference + sizeof reference, value,
                                            std::chars_format::scientific);
    REQUIRE(significant_digits(text) == significant_digits(std::string(reference, end)));
    ++checked;
  }
}

TEST_CASE("numbers a person types come back as they were typed") {
  for (const char* typed :
       {"0", "-0", "0.1", "-2.5", "42", "1e+100", "5e-324", "1.7976931348623157e+308"}) {
    double value = 0;
    REQUIRE(parse_finite_number(typed, value));
    CHECK(format_number(value) == typed);
  }
}

TEST_CASE("a short decimal read from the middle of a line is the double its text names, exactly") {
  std::mt19937_64 random(11);
  std::uniform_int_distribution<int> length(1, 18), digit(0, 9), point(-1, 17);
  for (int i = 0; i < 200000; ++i) {
    std::string text;
    if (random() % 2) text += '-';
    const int digits = length(random), point_at = point(random);
    for (int d = 0; d < digits; ++d) {
      if (d == point_at && d > 0) text += '.';
      text += static_cast<char>('0' + digit(random));
    }
    double value = 0, expected = 0;
    const size_t end = read_short_decimal(text + (random() % 2 ? " 7:1" : ""), value);
    if (digits > 15) {  // fast_float's to read
      REQUIRE(end == std::string::npos);
      continue;
    }
    REQUIRE(end == text.size());
    REQUIRE(parse_finite_number(text, expected));  // fast_float over the whole text
    REQUIRE(std::bit_cast<uint64_t>(value) == std::bit_cast<uint64_t>(expected));
  }
  double value = 0;
  CHECK(read_short_decimal("-0", value) == 2);
  CHECK(std::bit_cast<uint64_t>(value) == std::bit_cast<uint64_t>(-0.0));
  for (const std::string text :
       {"", "-", "+1", "nan", "inf", "1.", ".5", "1.5e3", "1E3", "0.1234567890123456789"})
    CHECK(read_short_decimal(text, value) == std::string::npos);
}

TEST_CASE("a short decimal is read within its reach, however many digits follow") {
  // Each text fills exactly kShortDecimalReach bytes on the heap (a read past them is an error
  // under AddressSanitizer), its tail digits as long as the reach allows: the worst case.
  constexpr size_t reach = tinymlkit::kShortDecimalReach;
  for (const std::string sign : {"", "-"}) {
    for (size_t point = 0; point < reach; ++point) {
      std::string text = sign;
      for (size_t i = 0; text.size() < reach; ++i)
        text += i == point && i > 0 ? '.' : static_cast<char>('1' + i % 9);
      const auto bytes = std::make_unique<char[]>(reach);
      std::memcpy(bytes.get(), text.data(), reach);
      double value = 0;
      INFO(text);
      CHECK(tinymlkit::parse_short_decimal(bytes.get(), value) == nullptr);  // more than 15 digits
      // The same digits, ended by a blank where at most 15 digits are left.
      for (size_t end = sign.size() + 1; end < reach; ++end) {
        std::memcpy(bytes.get(), text.data(), reach);
        bytes[end] = ' ';
        const std::string number = text.substr(0, end);
        double expected = 0;
        const char* stop = tinymlkit::parse_short_decimal(bytes.get(), value);
        const size_t digits = number.size() - sign.size() - (number.find('.') != std::string::npos);
        if (digits > 15 || number.back() == '.') {  // fast_float's to read
          CHECK(stop == nullptr);
          continue;
        }
        REQUIRE(stop == bytes.get() + end);
        REQUIRE(parse_finite_number(number, expected));
        CHECK(std::bit_cast<uint64_t>(value) == std::bit_cast<uint64_t>(expected));
      }
    }
  }
}
