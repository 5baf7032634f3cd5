#include "tinymlkit/files.hpp"

#include "tinymlkit/random.hpp"

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <climits>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace tinymlkit {
namespace {

std::unexpected<Error> io_failure(std::string_view what, const std::string& path) {
  return fail(ExitCode::kIoError, "cannot " + std::string(what) + " " + path + ": " + std::strerror(errno));
}

// Where a chain of symbolic links ends (a relative target is taken from its link's folder), so
// that an output replaces the file a link names and never the link. (WASI has no realpath.)
Result<std::string> follow_links(std::string path) {
  constexpr int kMaxHops = 40;  // as Linux's ELOOP
  for (int hop = 0; hop < kMaxHops; ++hop) {
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return path;
    char target[PATH_MAX];
    const ssize_t length = readlink(path.c_str(), target, sizeof target);
    if (length <= 0 || static_cast<size_t>(length) >= sizeof target) return io_failure("follow the symbolic link", path);
    std::string next(target, static_cast<size_t>(length));
    const size_t slash = path.find_last_of('/');
    if (next.front() != '/' && slash != std::string::npos) next.insert(0, path, 0, slash + 1);
    path = std::move(next);
  }
  return fail(ExitCode::kIoError, "cannot follow " + path + ": too many symbolic links");
}

}  // namespace

// Written through the stream, an output goes where the shell sent it: into a pipe, or appended
// under `>>`. Resolved to the file it names and replaced, it would take the place of a
// redirected file's earlier content (and a pipe's link names no file at all).
FILE* standard_stream(const std::string& path) {
  for (const char* name : {"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
    if (path == name) return stdout;
  for (const char* name : {"/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"})
    if (path == name) return stderr;
  return nullptr;
}

void adopt_host_working_directory() {
#ifdef __wasi__
  if (const char* pwd = std::getenv("PWD"); pwd != nullptr && pwd[0] == '/') (void)chdir(pwd);
#endif
}

Result<std::string> read_whole_file(const std::string& path) {
  const bool from_stdin = path == "-";
  FILE* file = from_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) return io_failure("open", path);
  std::string bytes;
  // A regular file's size, reserved: a model of tens of megabytes, read without the copies and
  // spare capacity of a growing string. Anything else (a pipe, a device), or a size past 1 GiB
  // (a sparse file claims any), is read as it comes.
  // stat, not fstat: the modules link it already (a hint, so a file replaced since costs only
  // the reservation).
  constexpr off_t kMostReserved = off_t{1} << 30;
  if (struct stat status{}; stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode) &&
                            status.st_size <= kMostReserved)
    bytes.reserve(static_cast<size_t>(status.st_size));
  char chunk[1 << 16];
  for (;;) {  // a short read is the end of the file or an error: never read past it
    const size_t got = std::fread(chunk, 1, sizeof chunk, file);
    bytes.append(chunk, got);
    if (got < sizeof chunk) break;
  }
  const bool failed = std::ferror(file) != 0;
  if (!from_stdin) std::fclose(file);
  if (failed) return io_failure("read", from_stdin ? "stdin" : path);
  return bytes;
}

Result<AtomicOutput> AtomicOutput::create(std::string path) {
  if (FILE* stream = standard_stream(path)) return AtomicOutput(std::move(path), "", stream);
  // stat follows every link, including /dev/fd's links to pipes, which name no path to follow.
  struct stat info {};
  if (stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) return fail(ExitCode::kIoError, "cannot write " + path + ": it is a folder");
    if (S_ISBLK(info.st_mode)) return fail(ExitCode::kIoError, "refusing to write over the block device " + path);
    FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) return io_failure("open", path);
    return AtomicOutput(std::move(path), "", file);
  }
  TMK_ASSIGN_OR_RETURN(path, follow_links(std::move(path)));
  // A fresh name each time ("wx" creates exclusively): a temporary left by a killed run, or one
  // a concurrent run is writing, is never written into or taken for this one.
  SplitMix64 names(static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                   reinterpret_cast<uintptr_t>(&path));
  for (int attempt = 0; attempt < 64; ++attempt) {
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, ".tmp-%016llx", static_cast<unsigned long long>(names.next()));
    std::string temp_path = path + suffix;
    FILE* file = std::fopen(temp_path.c_str(), "wbx");
    if (file != nullptr) return AtomicOutput(std::move(path), std::move(temp_path), file);
    if (errno != EEXIST)
      return io_failure("create", path);  // the file asked for, not its temporary
  }
  return fail(ExitCode::kIoError, "cannot create a temporary file beside " + path);
}

AtomicOutput::AtomicOutput(AtomicOutput&& other) noexcept
    : path_(std::move(other.path_)), temp_path_(std::move(other.temp_path_)), file_(other.file_) {
  other.file_ = nullptr;
  other.temp_path_.clear();
}

AtomicOutput::~AtomicOutput() { abandon(); }

void AtomicOutput::abandon() {
  if (file_ != nullptr && !is_standard_stream()) std::fclose(file_);
  file_ = nullptr;
  if (!temp_path_.empty()) std::remove(temp_path_.c_str());
  temp_path_.clear();
}

Status AtomicOutput::io_error(std::string_view action) {
  auto error = io_failure(action, path_);
  abandon();
  return error;
}

Status AtomicOutput::write(std::string_view bytes) {
  if (file_ == nullptr) return fail(ExitCode::kIoError, "cannot write " + path_ + ": already closed");
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) return io_error("write");
  return {};
}

Status AtomicOutput::commit() {
  if (file_ == nullptr) return fail(ExitCode::kIoError, "cannot write " + path_ + ": already closed");
  if (std::fflush(file_) != 0) return io_error("write");
  if (is_standard_stream()) {
    file_ = nullptr;
    return {};
  }
  if (!temp_path_.empty() && fsync(fileno(file_)) != 0 && errno != EINVAL && errno != ENOTSUP) return io_error("sync");
  FILE* file = file_;
  file_ = nullptr;
  if (std::fclose(file) != 0) return io_error("write");
  if (temp_path_.empty()) return {};  // a device or a FIFO, written in place
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) return io_error("replace");
  temp_path_.clear();
  return {};
}

Status write_file_atomically(const std::string& path, std::string_view bytes) {
  TMK_ASSIGN_OR_RETURN(AtomicOutput output, AtomicOutput::create(path));
  TMK_TRY(output.write(bytes));
  return output.commit();
}

}  // namespace tinymlkit
