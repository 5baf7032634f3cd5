// What a run tells a person as it goes and at its end, in Vowpal Wabbit's manner: a table on
// stderr at doubling example counts, then a summary of `key = value` lines (easy for a person
// and for a script), and the same figures as JSON on request.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "tinymlkit/learner.hpp"

namespace tinymlkit {

// Progressive (test-then-train) figures of a run.
struct RunMetrics {
  Task task = Task::kRegression;
  uint64_t examples = 0;  // every example read, labeled or not
  uint64_t labeled = 0;
  uint64_t learned = 0;
  uint64_t skipped = 0;  // bad lines skipped with --skip-bad-lines
  double weight_sum = 0;
  double loss_sum = 0;  // weighted
  uint64_t correct = 0;
  double absolute_error_sum = 0;
  double squared_error_sum = 0;
  double seconds = 0;
  double confidence = 0.95;  // of the accuracy's Hoeffding interval
  std::vector<SummaryFigure> model_figures;

  // Inline: the one per-example part of this file's work, which is built for size in the .wasm
  // modules (runtime/CMakeLists.txt).
  void add(const Prediction& prediction, double target, double loss, double weight) {
    ++labeled;
    weight_sum += weight;
    loss_sum += weight * loss;
    if (task == Task::kClassification) {
      correct += prediction.class_index == static_cast<uint32_t>(target) ? 1 : 0;
    } else {
      const double error = prediction.value - target;
      absolute_error_sum += std::fabs(error);
      squared_error_sum += error * error;
    }
  }
  // A label the model does not know, predicting only: wrong, and without a loss to add.
  void add_unknown_label() { ++labeled; }
  double average_loss() const { return weight_sum > 0 ? loss_sum / weight_sum : 0.0; }
  double accuracy() const;
  // Half-width of the two-sided Hoeffding interval on the accuracy at `confidence`: the
  // progressive outcomes are [0, 1] variables, so P(|mean - p| >= e) <= 2 exp(-2 n e^2).
  double accuracy_bound() const;
  double mae() const;
  double rmse() const;
};

class ProgressTable {
 public:
  // Writes nothing when `out` is null (--quiet).
  explicit ProgressTable(FILE* out) : out_(out) {}
  // Whether a row is due: the example count reached the next power of two.
  bool due(const RunMetrics& metrics) const { return out_ != nullptr && metrics.examples >= next_row_; }
  void print_row(const RunMetrics& metrics, std::string_view label, std::string_view prediction,
                 size_t feature_count);

 private:
  FILE* out_;
  uint64_t next_row_ = 1;
  double last_loss_sum_ = 0;
  double last_weight_sum_ = 0;
};

std::string format_summary(const RunMetrics& metrics);
std::string format_summary_json(const RunMetrics& metrics, std::string_view program);

}  // namespace tinymlkit
