// Numbers as text: the shortest decimal that reads back to the same double, so predictions and
// readable models are exact yet short, and identical between builds.
#pragma once

#include <string>

namespace tinymlkit {

void append_number(std::string& out, double value);
std::string format_number(double value);
// A fixed number of significant digits, for the progress table a person reads.
std::string format_rounded(double value, int significant_digits);

}  // namespace tinymlkit
