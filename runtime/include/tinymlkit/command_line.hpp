// The command line every model shares, in Vowpal Wabbit's manner: train (-d, -f), predict
// (-i, -t, -p), resume (-i with -f), inspect (--readable-model). A generated main supplies its
// model's description, its hyperparameter table and a factory; everything else happens here.
#pragma once

#include <cstdint>
#include <span>

#include "tinymlkit/model_description.hpp"
#include "tinymlkit/options.hpp"

namespace tinymlkit {

// --seed, which library sessions take too, with the same range.
OptionSpec seed_option(int64_t& seed);

// Runs the program and returns its exit code (see ExitCode).
int run_command_line(int argc, char** argv, const ModelDescription& model,
                     std::span<const OptionSpec> hyperparameters, LearnerFactory make_learner);

}  // namespace tinymlkit
