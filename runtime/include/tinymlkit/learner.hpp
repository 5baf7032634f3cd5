// What every model is to the command line: it turns label tokens into targets, predicts before
// it learns (progressive validation), saves and restores its whole state (so training resumed
// from a file is the same as one run), and describes itself as JSON. A model kind is a class
// implementing this plus a spec in models/.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/data_reader.hpp"
#include "tinymlkit/example.hpp"
#include "tinymlkit/json_writer.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

enum class Task : uint8_t { kRegression, kClassification };

class FederatedLearner;

// A figure a model adds to the run's summary (a tree's node count, say).
struct SummaryFigure {
  std::string key;  // snake_case, as in the JSON summary
  double value;
};

struct Prediction {
  double value = 0;                   // regression: the estimate; classification: a score
  uint32_t class_index = 0;           // classification: the predicted class
  std::vector<double> probabilities;  // classification: one per class, in dictionary order
};

// What a model's statistics cost as a function of its dimension d (the largest index plus 1):
// per_feature * d + per_feature_squared * d^2 + capped_squared * min(d, squared_cap)^2 bytes,
// which must stay within --max-bytes. The capped part is what a model keeps only up to a size.
struct DimensionCost {
  double per_feature;
  double per_feature_squared;
  int64_t max_bytes;
  double capped_squared = 0;
  double squared_cap = 0;
};

// The check every model makes of an example it is to learn: feature indexes below
// --max-features, and below what --max-bytes lets the model grow to (one stray large index must
// be refused here, never by the allocator), and values below kMaxMagnitude.
// `dimension` is what learning the example grows the model to, where the model is sized by the
// features it met (nm); by default, the example's highest index plus one.
std::expected<void, LineError> check_feature_limit(const Example& example, int64_t max_features,
                                                   const DimensionCost& cost,
                                                   std::optional<size_t> dimension = std::nullopt);
// A classifier's loss: minus the log of the probability it gave the true class (at most ln 1e15).
double log_loss(const Prediction& prediction, double target);
// A regression label: a finite number below kMaxMagnitude; on failure, what was expected.
std::expected<double, std::string> regression_target(std::string_view label);

class Learner {
 public:
  virtual ~Learner() = default;

  virtual Task task() const = 0;
  // The target a label token stands for: a number for regression, a class index for
  // classification (new classes join the dictionary). On failure, what was expected.
  virtual std::expected<double, std::string> target_of(std::string_view label) = 0;
  // Whether a label names a class the model knows (always, for regression): predicting only
  // (-t), a label it does not know counts as an error and joins nothing.
  virtual bool knows_label(std::string_view /*label*/) const { return true; }
  virtual std::string_view class_name(uint32_t class_index) const = 0;
  virtual size_t class_count() const = 0;

  virtual void predict(const Example& example, Prediction& out) = 0;
  // Whether the example can be learned (before it is predicted, so that a line skipped as bad
  // gets no prediction either); a problem names the column it is at.
  virtual std::expected<void, LineError> check_learnable(const Example& example) const = 0;
  virtual void learn(const Example& example, double target) = 0;
  // The training loss of a prediction, in the units of the label.
  virtual double loss(const Prediction& prediction, double target) const = 0;

  virtual void save(ByteWriter& out) const = 0;
  virtual Status load(ByteReader& in) = 0;
  virtual void describe(JsonWriter& out) const = 0;
  // The model as one self-contained C99 header (--export-c; the C's shape is in runtime/export/),
  // naming `program` and `writer` (program and version) in it. A model that cannot be written
  // as C yet says so, as a usage error.
  virtual Result<std::string> export_c(std::string_view program, std::string_view writer) const = 0;
  // The model as an ONNX file (--export-onnx; onnx_graph.hpp) whose graph computes what predict()
  // computes, naming `program` and `writer` as its producer. A model that cannot be written as
  // ONNX yet says so, as a usage error.
  virtual Result<std::string> export_onnx(std::string_view program, std::string_view writer) const = 0;
  // Figures of the model for the end-of-run summary.
  virtual std::vector<SummaryFigure> summary_figures() const { return {}; }

  // The model's federated side (tinymlkit/federated_learner.hpp), if its spec declares one.
  virtual const FederatedLearner* federated() const { return nullptr; }
  virtual FederatedLearner* federated() { return nullptr; }
};

}  // namespace tinymlkit
