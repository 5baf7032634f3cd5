// Files as the command line sees them: "-" means stdin or stdout. An output named /dev/stdout,
// /dev/stderr, /dev/fd/1 or /dev/fd/2 is written to that stream as the shell set it up (a pipe,
// a file appended to). An output that is a regular file, or does not exist yet, is written to a
// temporary file beside it and renamed over it only when complete, so an interrupted or failed
// run never leaves a half-written file nor destroys the previous one. An output that is a
// character device or a FIFO (/dev/null, a pipe) is written directly: renaming a file over it
// would destroy it. A symbolic link is followed, never replaced; a folder or a block device is
// refused.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "tinymlkit/status.hpp"

namespace tinymlkit {

// Under WASI, starts in the directory the environment's PWD names, where a host runner that
// preopens the whole file system (tools/wasi-run.mjs) says the user is. Elsewhere nothing.
void adopt_host_working_directory();

// The standard stream an output path names: "-", or one of the links that stand for the
// process's own descriptors (/dev/stdout, /dev/fd/2, ...); else null.
FILE* standard_stream(const std::string& path);

// "-" reads stdin to its end.
Result<std::string> read_whole_file(const std::string& path);

class AtomicOutput {
 public:
  static Result<AtomicOutput> create(std::string path);
  AtomicOutput(AtomicOutput&& other) noexcept;
  AtomicOutput& operator=(AtomicOutput&& other) = delete;
  ~AtomicOutput();  // an output never committed is removed

  Status write(std::string_view bytes);
  // Flushes, syncs and renames the temporary file over the destination.
  Status commit();
  const std::string& path() const { return path_; }

 private:
  AtomicOutput(std::string path, std::string temp_path, FILE* file)
      : path_(std::move(path)), temp_path_(std::move(temp_path)), file_(file) {}
  Status io_error(std::string_view action);
  bool is_standard_stream() const { return file_ == stdout || file_ == stderr; }
  void abandon();

  std::string path_;
  std::string temp_path_;  // empty when written directly: a standard stream, a device, a FIFO
  FILE* file_ = nullptr;
};

// Writes a whole file atomically.
Status write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace tinymlkit
