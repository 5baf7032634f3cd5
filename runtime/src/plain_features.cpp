#include "tinymlkit/plain_features.hpp"

#include <cstring>

#include "tinymlkit/number_format.hpp"

namespace tinymlkit {

namespace {

// Indexes of up to 9 digits, always below 2^32; a 10th digit is the general parser's to check.
constexpr size_t kIndexDigits = 9;
// How far reading one feature may look from its start: an index, a 10th digit or the ':', and
// the number. No test of the end is needed while that much of the line is left.
constexpr size_t kFeatureReach = kIndexDigits + 1 + kShortDecimalReach;

// Where the features are read from: the line itself, or a padded copy of its end. `column_of`
// turns a pointer into it into the feature's 1-based column on the line.
struct Text {
  const char* first;
  const char* end;  // the end of the line's bytes; a feature ends here or at a blank
  size_t first_column;

  uint32_t column_of(const char* p) const {
    return static_cast<uint32_t>(first_column + (p - first));
  }
};

// One plain feature at `p`, and the blanks after it: true with `p` past them, or false with
// nothing read. Reads at most kFeatureReach bytes past `p`, and blanks up to `text.end`.
bool read_plain_feature(const Text& text, const char*& p, int64_t& previous_index,
                        std::vector<Feature>& features) {
  uint32_t index = 0;
  const char* q = take_digits(p, p + kIndexDigits, index);
  if (q == nullptr || q == p || static_cast<int64_t>(index) <= previous_index) return false;
  double value = 1.0;
  if (*q == ':') {
    q = parse_short_decimal(q + 1, value);
    if (q == nullptr || value == 0.0) return false;
  }
  if (q != text.end && !is_blank(*q)) return false;
  features.push_back({index, text.column_of(p), value});
  previous_index = index;
  while (q != text.end && is_blank(*q)) ++q;
  p = q;
  return true;
}

}  // namespace

size_t read_plain_features(std::string_view line, size_t pos, int64_t& previous_index,
                           std::vector<Feature>& features) {
  // First in place, while a feature's reach stays inside the line; then the rest, shorter than a
  // reach, from a copy whose zero bytes after it end any index or number. One loop reads both,
  // so that the modules hold one copy of it.
  Text text{line.data(), line.data() + line.size(), 1};
  const char* p = line.data() + pos;
  const char* stop = line.size() > kFeatureReach ? text.end - kFeatureReach : line.data();
  char padded[2 * kFeatureReach];
  for (;;) {
    while (p < stop) {
      if (!read_plain_feature(text, p, previous_index, features)) return text.column_of(p) - 1;
    }
    if (text.first == padded || p == text.end) return text.column_of(p) - 1;
    const size_t rest_at = static_cast<size_t>(p - line.data());
    std::memcpy(padded, p, line.size() - rest_at);
    std::memset(padded + (line.size() - rest_at), 0, kFeatureReach);
    text = Text{padded, padded + (line.size() - rest_at), rest_at + 1};
    p = padded;
    stop = text.end;
  }
}

}  // namespace tinymlkit
