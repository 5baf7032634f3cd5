// The command line every model shares, in Vowpal Wabbit's manner: train (-d, -f), predict
// (-i, -t, -p), resume (-i with -f), inspect (--readable-model). A generated main supplies its
// model's description, its hyperparameter table and a factory; everything else happens here.
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
};

// Makes a learner from the hyperparameters the option table has set.
using LearnerFactory = FunctionRef<std::unique_ptr<Learner>(uint64_t seed)>;

// Runs the program and returns its exit code (see ExitCode).
int run_command_line(int argc, char** argv, const ModelDescription& model,
                     std::span<const OptionSpec> hyperparameters, LearnerFactory make_learner);

}  // namespace tinymlkit
