// The data reader's fast path: the features most lines hold, `index:value` or `index` with
// increasing indexes, short decimal values and none zero, read without testing the line's end at
// every byte. Whatever else a line holds is left to the general parser, which also explains errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tinymlkit/example.hpp"

namespace tinymlkit {

// What separates the fields of a data line: the general parser and the fast path must agree.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Reads plain features from line[pos] on (pos at a feature, not a blank), appending each to
// `features` with its column, as far as they go: returns the position of the first feature that
// is not plain, or line.size(). Each is above `previous_index`, which follows the last one read.
size_t read_plain_features(std::string_view line, size_t pos, int64_t& previous_index,
                           std::vector<Feature>& features);

}  // namespace tinymlkit
