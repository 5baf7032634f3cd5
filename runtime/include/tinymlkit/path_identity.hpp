// Which file a path names, by identity (device and inode), never by spelling: `x`, `./x`,
// `/abs/x`, `d/../x` and a hard link to x are one file. A path that does not exist yet is known
// by its folder's identity and its last name. The command line checks with it that no output
// writes over an input, and that no two outputs (or two client models) are one file.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "tinymlkit/status.hpp"

namespace tinymlkit {

struct NamedPath {
  std::string_view flag;  // "-d", "-f", ... as the user wrote it, for messages
  const std::string* path;
  std::string_view may_replace = {};  // the flag of an input this output may overwrite (-f over -i)
};

// Usage errors: an output that is an input file; two outputs on one file or both on stdout
// (character devices excepted: /dev/null takes any number); two inputs on stdin (the first would
// read it all); one input named twice where `distinct_inputs` (client models: a duplicate would
// get two votes). Empty paths are ignored.
Status check_paths(std::span<const NamedPath> inputs, std::span<const NamedPath> outputs, bool distinct_inputs);

}  // namespace tinymlkit
