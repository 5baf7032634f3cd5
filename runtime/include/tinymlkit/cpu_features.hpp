// What the running CPU offers, for the loops that choose their code when the program starts. Each
// choice does the same operations in the same order on every value (no fused multiply-add), so
// it changes the speed and never the bits.
#pragma once

namespace tinymlkit {

#if defined(__x86_64__)
inline bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}
inline bool cpu_has_avx512f() {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}
#endif

}  // namespace tinymlkit
