// A model written as C (--export-c): one of the templates in runtime/export/, which hold the
// emitted C's whole shape, with its @NAME@ fields filled and its `@BEGIN name@ ... @END@` sections
// kept only where asked. The templates are embedded in the runtime at build time, so the .wasm
// modules export too.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tinymlkit {

struct CTemplateValues {
  std::vector<std::pair<std::string_view, std::string>> fields;  // NAME -> text for @NAME@
  std::vector<std::string_view> sections;                        // the sections kept
};

// `text` with its fields filled and only the asked sections kept (without their marker lines).
std::string render_c_template(std::string_view text, const CTemplateValues& values);

// A double as a C literal that reads back exactly (the value must be finite).
std::string c_double(double value);
// Doubles as an initializer list, four a line.
std::string c_doubles(std::span<const double> values);
// Unsigned integers as an initializer list, twelve a line.
std::string c_integers(std::span<const uint32_t> values);
// A C string literal of `text`.
std::string c_string(std::string_view text);

}  // namespace tinymlkit
