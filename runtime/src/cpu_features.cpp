#include "tinymlkit/cpu_features.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace tinymlkit {
namespace {

constexpr const char* kNames[] = {"plain", "avx2", "avx512"};

#if defined(__x86_64__)
constexpr const char* kSetting = "TMK_VECTOR_LOOPS";

VectorLoops widest_on_this_cpu() {
  if (__builtin_cpu_supports("avx512f")) return VectorLoops::kAvx512;
  if (__builtin_cpu_supports("avx2")) return VectorLoops::kAvx2;
  return VectorLoops::kPlain;
}

// The loops a TMK_VECTOR_LOOPS value names, if any.
std::optional<VectorLoops> named(std::string_view setting) {
  for (int i = 0; i < 3; ++i)
    if (setting == kNames[i]) return static_cast<VectorLoops>(i);
  return std::nullopt;
}
#endif

}  // namespace

const char* vector_loops_name(VectorLoops loops) { return kNames[static_cast<int>(loops)]; }

#if defined(__x86_64__)
VectorLoops vector_loops() {
  // Unset, the widest; a value naming none is refused first (check_vector_loops_setting).
  static const VectorLoops chosen = [] {
    const char* const setting = std::getenv(kSetting);
    const VectorLoops widest = widest_on_this_cpu();
    return setting == nullptr ? widest : std::min(widest, named(setting).value_or(widest));
  }();
  return chosen;
}

Status check_vector_loops_setting() {
  const char* const setting = std::getenv(kSetting);
  if (setting == nullptr || named(setting)) return {};
  return fail(ExitCode::kUsage,
              std::string(kSetting) + " must be plain, avx2 or avx512, got \"" + setting + "\"");
}
#else
// No vector loops to choose from: the setting means nothing here, and is not read.
VectorLoops vector_loops() { return VectorLoops::kPlain; }
Status check_vector_loops_setting() { return {}; }
#endif

}  // namespace tinymlkit
