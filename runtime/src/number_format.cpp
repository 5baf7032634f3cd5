#include "tinymlkit/number_format.hpp"

#include <charconv>
#include <cstdio>

namespace tinymlkit {

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
