#include "tinymlkit/version.hpp"

namespace tinymlkit {

const char* const kVersion = TMK_VERSION;

}  // namespace tinymlkit
