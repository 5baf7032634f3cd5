// A small streaming JSON writer for readable models and run summaries: pretty-printed, keys in
// the order written, numbers exact (shortest round trip), non-finite numbers written as null.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace tinymlkit {

class JsonWriter {
 public:
  JsonWriter& begin_object(std::string_view key = {});
  JsonWriter& end_object();
  JsonWriter& begin_array(std::string_view key = {});
  JsonWriter& end_array();
  JsonWriter& field(std::string_view key, double value);
  JsonWriter& field(std::string_view key, int64_t value);
  JsonWriter& field(std::string_view key, uint64_t value);
  JsonWriter& field(std::string_view key, std::string_view value);
  JsonWriter& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  JsonWriter& field(std::string_view key, bool value);
  // An array of numbers on one line.
  JsonWriter& numbers(std::string_view key, std::span<const double> values);
  // An array of strings, one a line (a model's class names).
  JsonWriter& strings(std::string_view key, std::span<const std::string> values);
  JsonWriter& value(double value);
  JsonWriter& value(std::string_view value);

  // The document, ending in a newline.
  std::string finish();

 private:
  void start_item(std::string_view key);
  void append_string(std::string_view text);
  void append_double(double value);

  std::string out_;
  int depth_ = 0;
  bool first_in_container_ = true;
};

}  // namespace tinymlkit
