// What a generated main tells the runtime about its model: the description from its spec and
// how to make its learner. Shared by the command line, model files and federated rounds.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "tinymlkit/function_ref.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/options.hpp"

namespace tinymlkit {

struct ModelDescription {
  std::string_view kind;     // "nm": what model files record
  std::string_view program;  // "tinymlkit-nm"
  std::string_view about;    // --help's opening: usage and description, generated from the spec
  std::span<const Constraint> constraints = {};  // what the hyperparameters must meet together
  std::span<const Preset> presets = {};          // what --preset may name (none: no --preset option)
  // The spec's `federation: true`: its learner is a FederatedLearner (the generated main checks
  // that at compile time), so -m and --export-summary work; without it they are usage errors.
  bool federated = false;
};

// Makes a learner from the hyperparameters the option table has set.
using LearnerFactory = FunctionRef<std::unique_ptr<Learner>(uint64_t seed)>;

}  // namespace tinymlkit
