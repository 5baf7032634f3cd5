// One example of the stream: `<label> [<weight>] | <index>[:<value>] ...`. Feature indexes are
// unique within an example and in increasing order, and zero values are left out; the label is a token whose meaning (a number, a class) is the
// learner's business.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace tinymlkit {

// Feature values and regression labels must be smaller than this in magnitude: running sums of
// their squares then stay finite over any stream (1e200 per example, 1e300 in all), so a model
// can always be saved and loaded again.
inline constexpr double kMaxMagnitude = 1e100;
// Importance weights must not pass this: a weight times a squared value then stays below 1e206,
// so weighted sums stay finite over any stream a machine can read, and a saved model loads.
inline constexpr double kMaxWeight = 1e6;
inline constexpr double kMaxAccumulated = 1e300;

struct Feature {
  uint32_t index;
  uint32_t column;  // 1-based column on its line, for messages; free in Feature's padding
  double value;
};

struct Example {
  std::string_view label;  // empty for an unlabeled example; valid until the next read
  double weight = 1.0;
  std::vector<Feature> features;
  uint32_t label_column = 1;

  bool labeled() const { return !label.empty(); }
};

// Whether two examples have the same features: what a model checks before it reuses what it
// found predicting an example to learn that example.
inline bool same_features(std::span<const Feature> a, std::span<const Feature> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Feature& x, const Feature& y) { return x.index == y.index && x.value == y.value; });
}

}  // namespace tinymlkit
