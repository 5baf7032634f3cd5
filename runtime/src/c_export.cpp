#include "tinymlkit/c_export.hpp"

#include <algorithm>

#include "tinymlkit/number_format.hpp"

namespace tinymlkit {

std::string render_c_template(std::string_view text, const CTemplateValues& values) {
  std::string out;
  bool keeping = true;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end == std::string_view::npos ? text.size() : end + 1);
    text.remove_prefix(line.size());
    if (line.starts_with("@BEGIN ")) {
      const std::string_view name = line.substr(7, line.find('@', 7) - 7);
      keeping = std::find(values.sections.begin(), values.sections.end(), name) != values.sections.end();
      continue;
    }
    if (line.starts_with("@END@")) {
      keeping = true;
      continue;
    }
    if (!keeping) continue;
    for (size_t pos = 0;;) {
      const size_t at = line.find('@', pos);
      const size_t close = at == std::string_view::npos ? at : line.find('@', at + 1);
      if (close == std::string_view::npos) {
        out.append(line.substr(pos));
        break;
      }
      const std::string_view name = line.substr(at + 1, close - at - 1);
      const auto field = std::find_if(values.fields.begin(), values.fields.end(),
                                      [&](const auto& f) { return f.first == name; });
      if (field == values.fields.end()) {  // an @ of the C text itself: kept, and the next may open a field
        out.append(line.substr(pos, close - pos));
        pos = close;
        continue;
      }
      out.append(line.substr(pos, at - pos));
      out += field->second;
      pos = close + 1;
    }
  }
  return out;
}

std::string c_double(double value) {
  std::string text = format_number(value);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";  // "-0" would be the int 0
  return text;
}

std::string c_doubles(std::span<const double> values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i % 4 == 0 ? ",\n    " : ", ";
    out += c_double(values[i]);
  }
  return out;
}

std::string c_integers(std::span<const uint32_t> values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i % 12 == 0 ? ",\n    " : ", ";
    out += std::to_string(values[i]);
  }
  return out;
}

std::string c_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {  // as an octal escape: a control character in a label
      out += '\\';
      out += static_cast<char>('0' + (byte >> 6));
      out += static_cast<char>('0' + ((byte >> 3) & 7));
      out += static_cast<char>('0' + (byte & 7));
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace tinymlkit
