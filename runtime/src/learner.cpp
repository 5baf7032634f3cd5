#include "tinymlkit/learner.hpp"

namespace tinymlkit {

std::expected<void, LineError> check_feature_limit(const Example& example, int64_t max_features) {
  if (example.features.empty() || example.features.back().index < max_features) return {};
  const Feature& last = example.features.back();  // the largest index
  return std::unexpected(LineError{last.column, "feature index " + std::to_string(last.index) +
                                                    " is not below --max-features " + std::to_string(max_features)});
}

}  // namespace tinymlkit
