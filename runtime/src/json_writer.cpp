#include "tinymlkit/json_writer.hpp"

#include <cmath>
#include <cstdio>

#include "tinymlkit/number_format.hpp"

namespace tinymlkit {

void JsonWriter::start_item(std::string_view key) {
  if (depth_ > 0) {
    out_ += first_in_container_ ? "\n" : ",\n";
    out_.append(2 * static_cast<size_t>(depth_), ' ');
  }
  first_in_container_ = false;
  if (!key.empty()) {
    append_string(key);
    out_ += ": ";
  }
}

void JsonWriter::append_string(std::string_view text) {
  out_ += '"';
  for (char c : text) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\t': out_ += "\\t"; break;
      case '\r': out_ += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out_ += escaped;
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
}

void JsonWriter::append_double(double value) {
  if (std::isfinite(value)) {
    append_number(out_, value);
  } else {
    out_ += "null";
  }
}

JsonWriter& JsonWriter::begin_object(std::string_view key) {
  start_item(key);
  out_ += '{';
  ++depth_;
  first_in_container_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  --depth_;
  if (!first_in_container_) {
    out_ += '\n';
    out_.append(2 * static_cast<size_t>(depth_), ' ');
  }
  out_ += '}';
  first_in_container_ = false;
  return *this;
}

JsonWriter& JsonWriter::begin_array(std::string_view key) {
  start_item(key);
  out_ += '[';
  ++depth_;
  first_in_container_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  --depth_;
  if (!first_in_container_) {
    out_ += '\n';
    out_.append(2 * static_cast<size_t>(depth_), ' ');
  }
  out_ += ']';
  first_in_container_ = false;
  return *this;
}

JsonWriter& JsonWriter::field(std::string_view key, double value) {
  start_item(key);
  append_double(value);
  return *this;
}

JsonWriter& JsonWriter::field(std::string_view key, int64_t value) {
  start_item(key);
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::field(std::string_view key, uint64_t value) {
  start_item(key);
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::field(std::string_view key, std::string_view value) {
  start_item(key);
  append_string(value);
  return *this;
}

JsonWriter& JsonWriter::field(std::string_view key, bool value) {
  start_item(key);
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::numbers(std::string_view key, std::span<const double> values) {
  start_item(key);
  out_ += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out_ += ", ";
    append_double(values[i]);
  }
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::strings(std::string_view key, std::span<const std::string> values) {
  begin_array(key);
  for (const std::string& v : values) value(v);
  return end_array();
}

JsonWriter& JsonWriter::value(double value) { return field({}, value); }
JsonWriter& JsonWriter::value(std::string_view value) { return field({}, value); }

std::string JsonWriter::finish() {
  out_ += '\n';
  return std::move(out_);
}

}  // namespace tinymlkit
