// Feature index -> slot, for the indexes a model meets past its dense tables: open addressing
// with linear probing, kept at most half full. std::unordered_map did the same job for 7.5 KB
// more of every .wasm module (a node per entry and libc++'s rehash policy), past their budget.
// Lookups only: nothing iterates it, so its layout never orders a sum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tinymlkit {

// Whether asking the cache ahead does anything. WebAssembly has no prefetch: there a lookup made
// only to prefetch what it finds would be work for nothing.
#if defined(__wasm__)
inline constexpr bool kPrefetches = false;
#else
inline constexpr bool kPrefetches = true;
#endif

class IndexMap {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // The slot of `key`, or kAbsent.
  uint32_t find(uint32_t key) const;
  // The slot of `key`; a new key gets the next slot, size() before it was added.
  uint32_t insert(uint32_t key);
  // Gives `key`, which must be in the map, another slot: the caller keeps the slots 0 to size() - 1
  // each used once (ClassGaussians renumbers them when it sorts its features).
  void renumber(uint32_t key, uint32_t slot) { places_[place(key)].slot = slot; }
  size_t size() const { return size_; }
  size_t capacity() const { return places_.size(); }
  // Asks the cache for the place where a lookup of `key` starts: a row's lookups, asked for
  // together before any is made, then wait for memory once instead of once each.
  void prefetch(uint32_t key) const {
    if (!places_.empty()) __builtin_prefetch(&places_[home(key)]);
  }

 private:
  // Fibonacci hashing: the top bits of the key times 2^32 / golden ratio.
  size_t home(uint32_t key) const {
    return shift_ >= 32 ? 0 : static_cast<size_t>((key * 2654435769u) >> shift_);
  }
  // Where `key` is, or the free place where it would go.
  size_t place(uint32_t key) const;
  void grow();

  static constexpr uint32_t kFree = UINT32_MAX;  // never a key: feature indexes stay below 1e8
  // A key beside its slot: a lookup in a table larger than the cache then misses it once, not
  // twice (naive Bayes over a sparse row's features looks up every one for every class).
  struct Place {
    uint32_t key = kFree;
    uint32_t slot = 0;
  };
  std::vector<Place> places_;
  size_t size_ = 0;
  unsigned shift_ = 32;  // 32 - log2(capacity)
};

}  // namespace tinymlkit
