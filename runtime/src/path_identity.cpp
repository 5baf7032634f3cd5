#include "tinymlkit/path_identity.hpp"
#include "tinymlkit/files.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace tinymlkit {
namespace {

struct Identity {
  enum class Kind : uint8_t { kStandardStream, kRegular, kCharacterDevice, kOther, kMissing };
  Kind kind;
  uint64_t device = 0;
  uint64_t inode = 0;
  std::string name;  // the last name of a path that does not exist yet

  bool operator==(const Identity& other) const = default;
};

// `standard`: what "-" stands for, /dev/stdin for an input and /dev/stdout for an output. A file
// the shell opened there is that file (`-d - -p x < x` would replace the data being read).
// (stat, not fstat: the modules link it already; a host without /dev/stdin compares no file.)
// An empty path is an option not given, which nothing can clash with.
Identity identify(const std::string& path, const char* standard) {
  if (path.empty()) return {Identity::Kind::kMissing, 0, 0, {}};
  const bool dash = path == "-";
  struct stat info {};
  if (stat(dash ? standard : path.c_str(), &info) == 0 && (!dash || S_ISREG(info.st_mode))) {
    const Identity::Kind kind = S_ISREG(info.st_mode)   ? Identity::Kind::kRegular
                                : S_ISCHR(info.st_mode) ? Identity::Kind::kCharacterDevice
                                                        : Identity::Kind::kOther;
    // A runtime that knows no inodes (some WASI hosts say 0) leaves only the spelling to compare.
    return {kind, static_cast<uint64_t>(info.st_dev), static_cast<uint64_t>(info.st_ino), info.st_ino == 0 ? path : ""};
  }
  if (dash) return {Identity::Kind::kStandardStream, 0, 0, {}};
  const size_t slash = path.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (stat(folder.c_str(), &info) != 0) return {Identity::Kind::kMissing, 0, 0, path};  // creating it will fail
  return {Identity::Kind::kMissing, static_cast<uint64_t>(info.st_dev), static_cast<uint64_t>(info.st_ino), name};
}

std::string named(const NamedPath& p) { return std::string(p.flag) + " " + *p.path; }

std::unexpected<Error> usage(std::string message) { return fail(ExitCode::kUsage, std::move(message)); }

}  // namespace

Status check_paths(std::span<const NamedPath> inputs, std::span<const NamedPath> outputs, bool distinct_inputs) {
  std::vector<Identity> input_ids, output_ids;
  for (const NamedPath& input : inputs) input_ids.push_back(identify(*input.path, "/dev/stdin"));
  for (const NamedPath& output : outputs)
    output_ids.push_back(identify(*output.path, "/dev/stdout"));
  // /dev/stdout is stdout, whatever the shell made it; as a file it may still be an input (below).
  if (std::count_if(outputs.begin(), outputs.end(), [](const NamedPath& output) {
        return standard_stream(*output.path) == stdout;
      }) > 1)
    return usage("two outputs go to stdout: one would interleave with the other");
  for (size_t o = 0; o < outputs.size(); ++o) {
    if (outputs[o].path->empty()) continue;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (inputs[i].path->empty() || output_ids[o].kind != Identity::Kind::kRegular || output_ids[o] != input_ids[i])
        continue;
      if (outputs[o].may_replace == inputs[i].flag) continue;
      return usage(named(outputs[o]) + " is the same file as " + named(inputs[i]) + ": refusing to write over an input");
    }
    for (size_t other = o + 1; other < outputs.size(); ++other) {
      if (outputs[other].path->empty() || output_ids[o] != output_ids[other]) continue;
      if (output_ids[o].kind == Identity::Kind::kCharacterDevice) continue;
      return usage(named(outputs[o]) + " and " + named(outputs[other]) + " are one file: two outputs cannot share it");
    }
  }
  if (std::count_if(inputs.begin(), inputs.end(),
                    [](const NamedPath& input) { return *input.path == "-"; }) > 1)
    return usage("two inputs are -: both would read stdin, which holds one");
  for (size_t i = 0; distinct_inputs && i < inputs.size(); ++i)
    for (size_t other = i + 1; other < inputs.size(); ++other)
      if (input_ids[i].kind == Identity::Kind::kRegular && input_ids[i] == input_ids[other])
        return usage(named(inputs[other]) + " is the same file as " + named(inputs[i]) + ": each client counts once");
  return {};
}

}  // namespace tinymlkit
