#include "tinymlkit/plain_features.hpp"

#include <bit>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "tinymlkit/number_format.hpp"

using tinymlkit::Feature;
using tinymlkit::read_plain_features;

namespace {

// A line's bytes on the heap, exactly: under AddressSanitizer, a read past its end is an error.
struct ExactLine {
  explicit ExactLine(const std::string& text)
      : bytes(std::make_unique<char[]>(text.size())), size(text.size()) {
    std::memcpy(bytes.get(), text.data(), text.size());
  }
  std::string_view view() const { return {bytes.get(), size}; }

  std::unique_ptr<char[]> bytes;
  size_t size;
};

struct Read {
  size_t stop;
  std::vector<Feature> features;
};

Read read_from(const std::string& text, size_t pos) {
  const ExactLine line(text);
  Read read{0, {}};
  int64_t previous_index = -1;
  read.stop = read_plain_features(line.view(), pos, previous_index, read.features);
  return read;
}

}  // namespace

TEST_CASE("plain features are read with their columns, in place and at the line's end") {
  // Long enough that the first features are read in place and the last from the padded copy.
  const std::string text = "| 0:0.5 1:-2 7 12:3.25\t40:-0.00125 41:6  999999999:1e0x 5:1";
  const Read read = read_from(text, 2);
  CHECK(read.stop == text.find("999999999"));  // an exponent is fast_float's to read
  REQUIRE(read.features.size() == 6);
  const std::vector<Feature> expected = {{0, 3, 0.5},    {1, 9, -2.0},       {7, 14, 1.0},
                                         {12, 16, 3.25}, {40, 24, -0.00125}, {41, 36, 6.0}};
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("feature " << i);
    CHECK(read.features[i].index == expected[i].index);
    CHECK(read.features[i].column == expected[i].column);
    CHECK(read.features[i].value == expected[i].value);
  }
}

TEST_CASE("the fast path stops at the first feature it does not take, in place or at the end") {
  // Each of these is the general parser's: it normalizes, reads with fast_float, or explains.
  const std::string odd =
      GENERATE(as<std::string>{}, "50:0", "50:-0", "50:1e3", "50:1E3", "1234567890:1",
               "50:1234567890123456", "50:3.", "50:.5", "50:", "-50:1", "50:1:3", "50|", "50:+1",
               "50:nan", "50:0x10", ":1", "50:1.5.5", "50:12345678.12345678", "0:5");
  // Before it, plain features whose length decides whether it lies in place or in the copy.
  const size_t plain_count = GENERATE(0, 1, 2, 4, 8);
  std::string text;
  for (size_t i = 0; i < plain_count; ++i) text += std::to_string(i) + ":1.5 ";
  const size_t odd_at = text.size();
  const std::string line = text + odd + " 99:1";
  INFO(line);
  const Read read = read_from(line, 0);
  if (odd == "0:5" && plain_count == 0) {
    CHECK(read.stop == line.size());  // index 0 is not a repeat there: the feature is plain
  } else {
    CHECK(read.stop == odd_at);
    CHECK(read.features.size() == plain_count);
  }
}

TEST_CASE(
    "every plain feature is the one fast_float reads from its token, and nothing past the line is "
    "read") {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<int> digits(1, 9), fraction(0, 9), blanks(1, 3), count(0, 12);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string line;
    if (random() % 2) line += "| ";
    const size_t pos = line.size();
    std::vector<Feature> expected;
    uint32_t index = static_cast<uint32_t>(random() % 50);
    const int features = count(random);
    for (int f = 0; f < features; ++f) {
      index += 1 + static_cast<uint32_t>(random() % (random() % 4 == 0 ? 10000000 : 20));
      std::string value_text;
      if (random() % 5 != 0) {
        if (random() % 2) value_text += '-';
        const int integer_digits = digits(random), fraction_digits = fraction(random);
        value_text += std::to_string(1 + random() % 9);
        for (int d = 1; d < integer_digits && d + fraction_digits < 15; ++d)
          value_text += static_cast<char>('0' + random() % 10);
        if (fraction_digits > 0) {
          value_text += '.';
          for (int d = 0; d < fraction_digits; ++d)
            value_text += static_cast<char>('0' + random() % 10);
        }
      }
      const uint32_t column = static_cast<uint32_t>(line.size() + 1);
      line += std::to_string(index);
      double value = 1.0;
      if (!value_text.empty()) {
        line += ":" + value_text;
        REQUIRE(tinymlkit::parse_finite_number(value_text, value));
      }
      expected.push_back({index, column, value});
      if (f + 1 < features || random() % 3 == 0)
        line += std::string(static_cast<size_t>(blanks(random)), random() % 4 ? ' ' : '\t');
    }
    INFO(line);
    const Read read = read_from(line, pos);
    REQUIRE(read.stop == line.size());
    REQUIRE(read.features.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      REQUIRE(read.features[i].index == expected[i].index);
      REQUIRE(read.features[i].column == expected[i].column);
      REQUIRE(std::bit_cast<uint64_t>(read.features[i].value) ==
              std::bit_cast<uint64_t>(expected[i].value));
    }
  }
}
