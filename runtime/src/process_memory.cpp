#include "tinymlkit/process_memory.hpp"

#include <cstdlib>  // defines __GLIBC__ where glibc is the C library

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tinymlkit {

void keep_freed_memory() {
#if defined(__GLIBC__)
  // The largest block glibc lets the heap serve (32 MB on 64-bit hosts); blocks past it are
  // mapped on their own and returned when freed, as they should be.
  constexpr int kLargestHeapBlock = 32 * 1024 * 1024;
  constexpr int kNeverTrim = 1 << 30;
  mallopt(M_MMAP_THRESHOLD, kLargestHeapBlock);
  mallopt(M_TRIM_THRESHOLD, kNeverTrim);
#endif
}

}  // namespace tinymlkit
