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

void LabelDictionary::save(ByteWriter& out) const {
  out.u64(names_.size());
  for (const std::string& name : names_) out.str(name);
}

Status LabelDictionary::load(ByteReader& in) {
  TMK_ASSIGN_OR_RETURN(uint64_t count, in.count(4));
  names_.clear();
  for (uint64_t i = 0; i < count; ++i) {
    TMK_ASSIGN_OR_RETURN(std::string name, in.str());
    if (name.empty() || find(name)) return in.malformed("an empty or repeated class label");
    names_.push_back(std::move(name));
  }
  return {};
}

}  // namespace tinymlkit
