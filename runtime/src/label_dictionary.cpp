// What a label dictionary does for every example: find a label's class, when it is known. The
// rest, once a run or once a class, is in label_dictionary_once.cpp.
#include "tinymlkit/label_dictionary.hpp"

#include <algorithm>

namespace tinymlkit {

std::optional<uint32_t> LabelDictionary::find(std::string_view token) const {
  const auto found = std::find(names_.begin(), names_.end(), token);
  if (found == names_.end()) return std::nullopt;
  return static_cast<uint32_t>(found - names_.begin());
}

uint32_t LabelDictionary::add(std::string_view token) {
  names_.emplace_back(token);
  return static_cast<uint32_t>(names_.size() - 1);
}

}  // namespace tinymlkit
