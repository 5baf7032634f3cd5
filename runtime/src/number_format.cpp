#include "tinymlkit/number_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "fast_float/fast_float.h"

namespace tinymlkit {

bool parse_finite_number(std::string_view text, double& value) {
  auto [end, error] = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

bool parses_as_number(std::string_view text) {
  double value = 0;
  auto [end, error] = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  return end == text.data() + text.size() && (error == std::errc() || error == std::errc::result_out_of_range);
}

void append_number(std::string& out, double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
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
