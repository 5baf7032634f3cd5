#include "tinymlkit/newline_search.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>

using tinymlkit::find_newline;

namespace {

// memchr's answer, which find_newline must give.
const char* first_newline(const char* first, const char* last) {
  return static_cast<const char*>(std::memchr(first, '\n', static_cast<size_t>(last - first)));
}

}  // namespace

TEST_CASE("find_newline finds the first newline at every place of every length, or none") {
  // Every byte value as the filler, among them those that differ from '\n' (0x0A) in one bit
  // or fool a word-wise zero test: 0x8A (the high bit set), zero, 0x01 (which a borrow from the
  // byte below turns into a flag) and 0xFF.
  for (size_t length = 0; length <= 40; ++length) {
    for (unsigned filler_value = 0; filler_value < 256; ++filler_value) {
      const auto filler = static_cast<unsigned char>(filler_value);
      for (size_t newline = 0; newline <= length; ++newline) {  // == length: none
        // A heap block of the exact size, so that a read past it is an AddressSanitizer error.
        const auto bytes = std::make_unique<char[]>(length);
        for (size_t k = 0; k < length; ++k)
          bytes[k] =
              static_cast<char>(k % 3 == 0 ? filler : static_cast<unsigned char>(filler + k));
        for (size_t k = 0; k < length; ++k)
          if (bytes[k] == '\n') bytes[k] = 'b';
        if (newline < length) bytes[newline] = '\n';
        // A second newline further on must not be the one found.
        if (newline + 3 < length) bytes[newline + 3] = '\n';
        const char* first = bytes.get();
        const char* last = first + length;
        INFO("length " << length << ", filler " << int{filler} << ", newline at " << newline);
        REQUIRE(find_newline(first, last) == first_newline(first, last));
        // Starting inside the block, off any 8-byte boundary.
        if (length > 3) REQUIRE(find_newline(first + 3, last) == first_newline(first + 3, last));
      }
    }
  }
}
