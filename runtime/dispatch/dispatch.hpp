// The `tinymlkit` dispatcher: `tinymlkit nm ARGS` runs the tinymlkit-nm that sits beside it, as
// git runs git-commit. Native only (WASI cannot start processes): each model is its own .wasm.
#pragma once

#include <span>
#include <string_view>

namespace tinymlkit {

struct ModelEntry {
  std::string_view name;
  std::string_view summary;
};

int dispatch(int argc, char** argv, std::span<const ModelEntry> models);

}  // namespace tinymlkit
