// One example of a stream, taken the same way by the command line and by the library modules:
// progressive validation (predict, score the prediction, then learn), so that a model a page
// learns one event at a time is byte for byte the model `-d data -f model.tmk` writes.
#pragma once

#include <string>

#include "tinymlkit/data_reader.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/progress.hpp"

namespace tinymlkit {

// Predicts `example` into `prediction` and adds the outcome to `metrics`; learns it too unless
// `test_only`. An unlabeled example is only predicted. A label the model cannot use, or an
// example it cannot learn, is an error naming the column, and leaves the model and metrics as
// they were (a skipped line's label must not become a class).
std::expected<void, LineError> take_example(Learner& learner, const Example& example, bool test_only,
                                            Prediction& prediction, RunMetrics& metrics);

// Appends what `-p` writes for a prediction, without the newline: the estimate, the class, or
// (`probabilities`) `class:probability` for every class, numbers in their shortest exact form.
void append_prediction(std::string& out, const Learner& learner, const Prediction& prediction, bool probabilities);

}  // namespace tinymlkit
