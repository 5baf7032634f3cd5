// What the generated per-model fuzz harnesses share.
//
// exercise_model_body: load a body, and if it loads, use the model the way the command line and
// a federation server would. Anything that loads must save a state
// that loads again and saves to the same bytes, export to C and ONNX or refuse with a reason,
// then predict, learn, save, load again and aggregate without a crash or a sanitizer report. (A
// state pushed to the edge of the double range may, after learning, hold values the loader then
// refuses: that is allowed, the refusal being clear.)
#pragma once

#include <span>
#include <string_view>

#include "tinymlkit/model_description.hpp"
#include "tinymlkit/options.hpp"

namespace tinymlkit::fuzz {

// exercise_data_lines: the input is a data stream, led by option lines ("--name=value") that set
// hyperparameters. The model learns every learnable line as the command line would; what it
// then saves must load again and save to the same bytes: what a run saves always loads. It must
// also export to C and ONNX or refuse with a reason.
void exercise_data_lines(std::string_view stream, std::span<const OptionSpec> hyperparameters,
                         std::span<const Constraint> constraints, LearnerFactory make_learner);

void exercise_model_body(std::string_view body, std::span<const OptionSpec> hyperparameters,
                         std::span<const Constraint> constraints, LearnerFactory make_learner);

}  // namespace tinymlkit::fuzz
