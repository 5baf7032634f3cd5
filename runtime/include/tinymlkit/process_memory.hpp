// How a run asks its C library to manage memory.
#pragma once

namespace tinymlkit {

// Keeps memory a run frees for its own reuse instead of giving it back to the system. glibc
// returns a freed block of 128 KB or more (more, as its threshold adapts) and trims the free top
// of the heap, and the system's pages then fault again when touched: a tree's tables grow by
// doubling into blocks that size, and on the sparse benchmark's 200,000 rows (10^5 dimensions)
// the 33,000 faults cost about 8 us each here, a fifth of the run. Kept, they were 23,600.
// A run is one process that ends when its work does, so what it keeps is never wasted for
// long. Elsewhere (WASI's allocator never gives memory back) nothing.
void keep_freed_memory();

}  // namespace tinymlkit
