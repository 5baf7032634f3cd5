// Finding the end of a data line, eight bytes at a time.
//
// Called once a line, memchr cost the wasm modules about 0.25 s of a 10^7-row run under node
// (wasi-libc's is a loop over 4-byte words, which V8 cannot widen) where it cost glibc's vector
// version 0.04 s: reading 64-bit words made node's whole parse-only run 1.09x faster, and the
// native one 1.03x (a line of 100 bytes is short for a call into libc). README, "Measured figures".
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace tinymlkit {

// The first '\n' in [first, last), or nullptr. Reads only bytes inside the range.
inline const char* find_newline(const char* first, const char* last) {
  static_assert(std::endian::native == std::endian::little, "the lowest flag is the first byte");
  constexpr uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
  while (last - first >= 8) {
    uint64_t word;
    std::memcpy(&word, first, sizeof word);
    // A byte of x is zero where the word holds a newline. (x - 1) & ~x sets a byte's high bit
    // for a zero byte, and only above a zero byte for any other: the lowest flag is exact.
    const uint64_t x = word ^ (kOnes * '\n');
    const uint64_t zero_bytes = (x - kOnes) & ~x & kHighs;
    if (zero_bytes != 0) return first + std::countr_zero(zero_bytes) / 8;
    first += 8;
  }
  for (; first != last; ++first)
    if (*first == '\n') return first;
  return nullptr;
}

}  // namespace tinymlkit
