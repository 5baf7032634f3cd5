// Numbers as text: the shortest decimal that reads back to the same double, so predictions and
// readable models are exact yet short, and identical between builds.
#pragma once

#include <string>
#include <string_view>

namespace tinymlkit {

// A finite decimal number that takes up the whole of `text` (fast_float: std::from_chars for
// double is missing from the wasm libc++).
bool parse_finite_number(std::string_view text, double& value);
// The finite number that starts at `first`, read as far as it goes: where it ends, or nullptr if
// none starts there or it is not finite. Lets a parser read a number without finding its end first.
const char* parse_finite_prefix(const char* first, const char* last, double& value);
// A number that takes up the whole of `text`, finite or not: tells "nan" from "abc".
bool parses_as_number(std::string_view text);

void append_number(std::string& out, double value);
std::string format_number(double value);
// A fixed number of significant digits, for the progress table a person reads.
std::string format_rounded(double value, int significant_digits);

}  // namespace tinymlkit
