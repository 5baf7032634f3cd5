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
  // Bytes that differ from '\n' (0x0A) in one bit or fool a word-wise zero test: the byte with the
  // high bit set (0x8A), its neighbours, zero, 0x01 (which a borrow from the byte below turns into
  // a flag) and 0xFF.
  const unsigned char fillers[] = {'a', 0x8A, 0x0B, 0x09, 0x0E, 0x00, 0x01, 0xFF, '\r', 0x2A};
  for (size_t length = 0; length <= 40; ++length) {
    for (unsigned char filler : fillers) {
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
