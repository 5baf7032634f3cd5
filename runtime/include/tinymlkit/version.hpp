// The TinyMLKit release, set by the build from the CMake project version.
#pragma once

namespace tinymlkit {

extern const char* const kVersion;

}  // namespace tinymlkit
