#include "tinymlkit/index_map.hpp"

namespace tinymlkit {

uint32_t IndexMap::find(uint32_t key) const {
  if (places_.empty()) return kAbsent;
  const Place& at = places_[place(key)];
  return at.key == key ? at.slot : kAbsent;
}

uint32_t IndexMap::insert(uint32_t key) {
  if (2 * (size_ + 1) > places_.size()) grow();
  Place& at = places_[place(key)];
  if (at.key == kFree) {
    at.key = key;
    at.slot = static_cast<uint32_t>(size_++);
  }
  return at.slot;
}

size_t IndexMap::place(uint32_t key) const {
  const size_t mask = places_.size() - 1;
  size_t at = home(key);
  while (places_[at].key != key && places_[at].key != kFree) at = (at + 1) & mask;
  return at;
}

void IndexMap::grow() {
  std::vector<Place> places(places_.empty() ? 8 : 2 * places_.size());
  places.swap(places_);
  shift_ = 32;
  for (size_t n = places_.size(); n > 1; n /= 2) --shift_;
  for (const Place& old : places)
    if (old.key != kFree) places_[place(old.key)] = old;
}

}  // namespace tinymlkit
