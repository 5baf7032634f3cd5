#include "tinymlkit/index_map.hpp"

namespace tinymlkit {

// Fibonacci hashing: the top bits of the key times 2^32 / golden ratio.
size_t IndexMap::home(uint32_t key) const {
  return shift_ >= 32 ? 0 : static_cast<size_t>((key * 2654435769u) >> shift_);
}

uint32_t IndexMap::find(uint32_t key) const {
  if (keys_.empty()) return kAbsent;
  const size_t at = place(key);
  return keys_[at] == key ? slots_[at] : kAbsent;
}

uint32_t IndexMap::insert(uint32_t key) {
  if (2 * (size_ + 1) > keys_.size()) grow();
  const size_t at = place(key);
  if (keys_[at] == kFree) {
    keys_[at] = key;
    slots_[at] = static_cast<uint32_t>(size_++);
  }
  return slots_[at];
}

size_t IndexMap::place(uint32_t key) const {
  const size_t mask = keys_.size() - 1;
  size_t at = home(key);
  while (keys_[at] != key && keys_[at] != kFree) at = (at + 1) & mask;
  return at;
}

void IndexMap::grow() {
  std::vector<uint32_t> keys(keys_.empty() ? 8 : 2 * keys_.size(), kFree), slots(keys.size(), 0);
  keys.swap(keys_);
  slots.swap(slots_);
  shift_ = 32;
  for (size_t n = keys_.size(); n > 1; n /= 2) --shift_;
  for (size_t k = 0; k < keys.size(); ++k) {
    if (keys[k] == kFree) continue;
    const size_t at = place(keys[k]);
    keys_[at] = keys[k];
    slots_[at] = slots[k];
  }
}

}  // namespace tinymlkit
