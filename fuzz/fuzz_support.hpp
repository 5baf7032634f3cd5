// What the model-loader fuzz harnesses share: load a body, and if it loads, use the model the
// way the command line and a federation server would. Anything that loads must save a state
// that loads again and saves to the same bytes, then predict, learn, save, load again and
// aggregate without a crash or a sanitizer report. (A state pushed to the edge of the double
// range may, after learning, hold values the loader then refuses: that is allowed, the refusal
// being clear.)
#pragma once

#include <span>
#include <string_view>

#include "tinymlkit/command_line.hpp"
#include "tinymlkit/options.hpp"

namespace tinymlkit::fuzz {

void exercise_model_body(std::string_view body, std::span<const OptionSpec> hyperparameters,
                         std::span<const Constraint> constraints, LearnerFactory make_learner);

}  // namespace tinymlkit::fuzz
