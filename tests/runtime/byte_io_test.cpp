#include "tinymlkit/byte_io.hpp"

#include <bit>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

using tinymlkit::ByteReader;
using tinymlkit::ByteWriter;

TEST_CASE("model bytes are little-endian whatever the host, and read back as written") {
  ByteWriter out;
  out.u8(0x01);
  out.u32(0x05040302u);
  out.u64(0x0d0c0b0a09080706ull);
  out.f64(-2.5);
  const std::string bytes = out.take();
  const uint64_t minus_two_and_a_half = std::bit_cast<uint64_t>(-2.5);
  std::string expected = "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d";
  for (int i = 0; i < 8; ++i)
    expected += static_cast<char>((minus_two_and_a_half >> (8 * i)) & 0xFF);
  REQUIRE(bytes == expected);

  ByteReader in(bytes, "m.tmk");
  CHECK(in.u8().value() == 0x01);
  CHECK(in.u32().value() == 0x05040302u);
  CHECK(in.u64().value() == 0x0d0c0b0a09080706ull);
  CHECK(in.f64().value() == -2.5);
  CHECK(in.remaining() == 0);
}

TEST_CASE("a number cut short by the end of the bytes is malformed where it starts") {
  const std::string bytes = "\x01\x02\x03\x04\x05\x06\x07";
  ByteReader in(bytes, "m.tmk");
  REQUIRE(in.u32().value() == 0x04030201u);
  const auto cut = in.u64();
  REQUIRE_FALSE(cut.has_value());
  CHECK_THAT(cut.error().message,
             Catch::Equals(
                 "m.tmk: malformed model file at byte 4: a field runs past the end of the file"));
  CHECK(in.offset() == 4);  // nothing was taken
  CHECK(in.u8().value() == 0x05);
}
