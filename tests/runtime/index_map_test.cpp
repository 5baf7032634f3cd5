#include "tinymlkit/index_map.hpp"

#include <catch2/catch.hpp>
#include <cstdint>

using tinymlkit::IndexMap;

TEST_CASE("an index map gives each key the next slot once, and finds it after growing") {
  IndexMap map;
  CHECK(map.find(7) == IndexMap::kAbsent);
  // Keys that share their low bits, and keys near the top of the range, collide and wrap around.
  uint32_t slot = 0;
  for (uint32_t k = 0; k < 5000; ++k) {
    const uint32_t key = k % 2 == 0 ? k * 4096 : 99'999'999 - k;
    REQUIRE(map.insert(key) == slot);
    REQUIRE(map.insert(key) == slot);  // a second time: the same slot, nothing added
    ++slot;
  }
  CHECK(map.size() == 5000);
  CHECK(map.capacity() >= 2 * map.size());
  for (uint32_t k = 0; k < 5000; ++k) CHECK(map.find(k % 2 == 0 ? k * 4096 : 99'999'999 - k) == k);
  CHECK(map.find(4097) == IndexMap::kAbsent);
  CHECK(map.find(99'999'999 - 5001) == IndexMap::kAbsent);
}
