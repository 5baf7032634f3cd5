#include "tinymlkit/c_export.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

using tinymlkit::c_double;
using tinymlkit::c_integers;
using tinymlkit::c_string;
using tinymlkit::render_c_template;

TEST_CASE("a double becomes a C literal that reads back to the same bits") {
  CHECK(c_double(3) == "3.0");
  CHECK(c_double(-0.0) == "-0.0");  // "-0" would be the int 0, which is +0.0
  CHECK(c_double(1e-07) == "1e-07");
  for (double value : {0.1, -2.5e-300, 1.7976931348623157e308, std::numeric_limits<double>::denorm_min()}) {
    const std::string text = c_double(value);
    CHECK(std::strtod(text.c_str(), nullptr) == value);
  }
}

TEST_CASE("integers become an initializer list, twelve a line") {
  const std::vector<uint32_t> thirteen{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 4294967295u};
  CHECK(c_integers(thirteen) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,\n    4294967295");
  CHECK(c_integers(std::vector<uint32_t>{}).empty());
}

TEST_CASE("a label becomes a C string literal, escapes and all") {
  CHECK(c_string("pos") == "\"pos\"");
  CHECK(c_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(c_string(std::string("x\x01y", 3)) == "\"x\\001y\"");
}

TEST_CASE("a template keeps the sections asked for and fills its fields") {
  const std::string text =
      "a @X@ b\n"
      "@BEGIN one@\n"
      "one @Y@\n"
      "@END@\n"
      "@BEGIN two@\n"
      "two\n"
      "@END@\n"
      "mail@example.org @X@\n";
  const std::string out = render_c_template(text, {{{"X", "1"}, {"Y", "2"}}, {"one"}});
  CHECK(out == "a 1 b\none 2\nmail@example.org 1\n");
}
