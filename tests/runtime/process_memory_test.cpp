#include "tinymlkit/process_memory.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>

// AddressSanitizer's allocator takes glibc's place, and mallopt and mallinfo2 do nothing there.
#if defined(__SANITIZE_ADDRESS__)
#define TMK_ADDRESS_SANITIZER
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TMK_ADDRESS_SANITIZER
#endif
#endif

#if defined(__GLIBC__) && !defined(TMK_ADDRESS_SANITIZER)
#include <malloc.h>

TEST_CASE(
    "memory a run frees stays its own: a large block comes from the heap and its freeing keeps "
    "it") {
  tinymlkit::keep_freed_memory();
  // 16 MB: past glibc's own threshold (128 KB, adapted up to the largest block freed so far)
  // a block is mapped on its own and handed back when freed.
  constexpr size_t kBlock = size_t{16} << 20;
  const size_t mapped_before = mallinfo2().hblkhd;
  void* block = std::malloc(kBlock);
  REQUIRE(block != nullptr);
  CHECK(mallinfo2().hblkhd == mapped_before);
  const size_t heap_with_block = mallinfo2().arena;
  CHECK(heap_with_block >= kBlock);
  std::free(block);
  CHECK(mallinfo2().arena == heap_with_block);  // not trimmed
}
#endif
