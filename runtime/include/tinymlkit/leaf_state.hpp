// A Hoeffding tree leaf's activity as its model file records it: collecting statistics, switched
// off because not splitting was best (pre-pruned: it stays off), or switched off to fit
// --max-bytes (it comes back when memory frees up, tinymlkit/leaf_budget.hpp).
#pragma once

#include <cstdint>

namespace tinymlkit {

inline uint8_t leaf_state_byte(bool active, bool over_budget) {
  return active ? 1 : over_budget ? 2 : 0;
}

// Sets `active` and `over_budget` from a stored byte; false for a byte no state has.
inline bool read_leaf_state(uint8_t byte, bool& active, bool& over_budget) {
  active = byte == 1;
  over_budget = byte == 2;
  return byte <= 2;
}

}  // namespace tinymlkit
