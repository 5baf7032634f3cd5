// Fixed-width little-endian encoding of the model file's fields, so that a file written by one
// build loads in any other (native or wasm). The reader checks every length against what is left
// before it allocates, so a hostile file cannot make it reserve memory it does not hold.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tinymlkit/format_version.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

class ByteWriter {
 public:
  void u8(uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void u32(uint32_t value);
  void u64(uint64_t value);
  void f64(double value);
  void str(std::string_view value);
  void f64s(std::span<const double> values);  // count, then the values
  void raw(std::string_view bytes) { bytes_.append(bytes); }

  void reserve(size_t size) { bytes_.reserve(size); }
  const std::string& bytes() const { return bytes_; }
  // The bytes written, moved out: a model of tens of megabytes is not copied to be returned.
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  // `source` names the file in error messages; `format_version` is the file's (model_file.hpp).
  ByteReader(std::string_view bytes, std::string source,
             uint32_t format_version = kModelFormatVersion)
      : bytes_(bytes), source_(std::move(source)), format_version_(format_version) {}

  uint32_t format_version() const { return format_version_; }

  Result<uint8_t> u8();
  Result<uint32_t> u32();
  // The next index of a sorted list of feature indexes: above `previous` (-1 before the first)
  // and below `dimension`; `what` names the list where it is not.
  Result<uint32_t> sorted_index(int64_t previous, size_t dimension, std::string_view what);
  Result<uint64_t> u64();
  Result<double> f64();
  Result<std::string> str();
  Result<std::vector<double>> f64s();
  // A count of items that each take at least `min_item_bytes` of what is left.
  Result<size_t> count(uint64_t min_item_bytes);
  Result<std::string_view> raw(uint64_t size);

  size_t offset() const { return offset_; }
  size_t remaining() const { return bytes_.size() - offset_; }
  // An error that says where in the file the reader stands.
  std::unexpected<Error> malformed(std::string_view what) const;

 private:
  Result<std::string_view> take(uint64_t size);
  template <class T>
  Result<T> little_endian();

  std::string_view bytes_;
  std::string source_;
  uint32_t format_version_;
  size_t offset_ = 0;
};

}  // namespace tinymlkit
