#include "tinymlkit/stream_step.hpp"

#include "tinymlkit/number_format.hpp"

namespace tinymlkit {

std::expected<void, LineError> take_example(Learner& learner, const Example& example, bool test_only,
                                            Prediction& prediction, RunMetrics& metrics) {
  double target = 0;
  const bool unknown_label = test_only && example.labeled() && !learner.knows_label(example.label);
  if (example.labeled() && !unknown_label) {
    // Learnable first: the label of a line that is skipped must not become a class.
    if (!test_only)
      if (auto learnable = learner.check_learnable(example); !learnable) return learnable;
    auto parsed = learner.target_of(example.label);
    if (!parsed) return std::unexpected(LineError{example.label_column, std::move(parsed.error())});
    target = *parsed;
  }
  ++metrics.examples;
  learner.predict(example, prediction);
  if (unknown_label) metrics.add_unknown_label();
  if (example.labeled() && !unknown_label) {
    metrics.add(prediction, target, learner.loss(prediction, target), example.weight);
    if (!test_only) {
      learner.learn(example, target);
      ++metrics.learned;
    }
  }
  return {};
}

void append_prediction(std::string& out, const Learner& learner, const Prediction& prediction, bool probabilities) {
  if (learner.task() == Task::kRegression) {
    append_number(out, prediction.value);
  } else if (probabilities) {
    for (uint32_t c = 0; c < prediction.probabilities.size(); ++c) {
      if (c > 0) out += ' ';
      out += learner.class_name(c);
      out += ':';
      append_number(out, prediction.probabilities[c]);
    }
  } else if (learner.class_count() > 0) {
    out += learner.class_name(prediction.class_index);
  }
}

}  // namespace tinymlkit
