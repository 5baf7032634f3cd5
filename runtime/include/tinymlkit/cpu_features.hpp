// Which vector loops the running CPU takes, chosen once when the program starts: the widest it
// has, unless the environment variable TMK_VECTOR_LOOPS names a narrower one (tests and
// benchmarks run the narrower loops on a wider CPU that way). Every choice does the same
// operations in the same order on every value (no fused multiply-add), so it changes the speed
// and never the bits. wasm builds, and CPUs other than x86-64, take the plain loops and do not
// read the variable.
#pragma once

#include "tinymlkit/status.hpp"

namespace tinymlkit {

enum class VectorLoops { kPlain, kAvx2, kAvx512 };

VectorLoops vector_loops();
// "plain", "avx2" or "avx512": what --version reports and TMK_VECTOR_LOOPS takes.
const char* vector_loops_name(VectorLoops loops);
// A usage error (exit 1) if TMK_VECTOR_LOOPS is set to anything but one of those names.
Status check_vector_loops_setting();

}  // namespace tinymlkit
