// A model used as a library instead of a command: made from named hyperparameters (the command
// line's names, ranges and constraints), fed one example or one line at a time, saved to and
// loaded from the bytes of a .tmk file. Every example goes through take_example, as on the command
// line, so a session fed a file's lines saves the bytes `-d file -f model.tmk` writes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "tinymlkit/federation.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/model_description.hpp"
#include "tinymlkit/options.hpp"
#include "tinymlkit/progress.hpp"

namespace tinymlkit {

// One model's hyperparameters, owned by one session: a config of its own and the option table
// over it, generated from the spec (the table points into the config, so neither moves).
class ModelSettings {
 public:
  virtual ~ModelSettings() = default;
  virtual std::span<const OptionSpec> hyperparameters() = 0;
  // A learner reading the config as the table has set it.
  virtual std::unique_ptr<Learner> make_learner(uint64_t seed) = 0;
};

// What a generated library source gives the runtime: its model, and settings at its defaults.
struct ModelBinding {
  const ModelDescription& model;
  std::unique_ptr<ModelSettings> (*make_settings)();
};

// The model of a library module, defined by its generated binding (templates/library.cpp.j2).
extern const ModelBinding kLibraryModel;

class ModelSession {
 public:
  // `settings`: `name=value` lines, hyperparameters by their command-line names, plus `seed` and
  // (where the spec has presets) `preset`. What is not given keeps the spec's default.
  static Result<std::unique_ptr<ModelSession>> create(const ModelBinding& binding, std::string_view settings);
  // `bytes`: a whole .tmk file of this model's kind.
  static Result<std::unique_ptr<ModelSession>> load(const ModelBinding& binding, std::string_view bytes);

  // The global model of one federated round, as the command line's -m makes it. `models`: model
  // files, each as a u32 little-endian length and its bytes; the first is the previous round's
  // global model when `with_previous`, the others are the clients ("client 1", ...). `settings`:
  // `aggregate=RULE`, `byzantine=F`, `strict=true` lines. describe() names the excluded clients.
  static Result<std::unique_ptr<ModelSession>> aggregate(const ModelBinding& binding, std::string_view settings,
                                                         std::string_view models, bool with_previous);

  // Predicts one line of the data format and, with `learn`, learns it after (an unlabeled line is
  // only predicted). output() is then the prediction as -p writes it. False for a blank line.
  Result<bool> take_line(std::string_view line, bool learn, bool probabilities);
  // Learns every line of `text`, one example a line; stops at the first bad one, naming its line
  // and column (the lines before it stay learned). output() is then the number of examples taken.
  Status learn_text(std::string_view text);
  // As take_line, for the features given as indexes and values (in any order, zeros allowed).
  Status take_features(std::span<const uint32_t> indexes, std::span<const double> values, std::string_view label,
                       double weight, bool learn, bool probabilities);

  // output() becomes the model file's bytes; `client_summary` leaves raw examples out, what a
  // federated client sends (a model whose spec does not declare federation refuses it).
  Status save(bool client_summary);
  // output() becomes what --summary-json writes for the examples taken so far.
  void summary_json();
  // output() becomes what --readable-model writes.
  void describe();
  // output() becomes what --export-c writes (a kind that cannot be written as C refuses).
  Status export_c();
  // output() becomes what --export-onnx writes (a kind that cannot be written as ONNX refuses).
  Status export_onnx();

  bool classifies() const { return learner_->task() == Task::kClassification; }
  const std::string& output() const { return output_; }

 private:
  ModelSession(const ModelBinding& binding, std::unique_ptr<ModelSettings> settings);
  Status take(bool learn, bool probabilities, const std::string& where);

  const ModelDescription& model_;
  std::unique_ptr<ModelSettings> settings_;  // before the learner, which reads its config
  std::unique_ptr<Learner> learner_;
  FederationRecord federation_;
  RunMetrics metrics_;
  Example example_;
  Prediction prediction_;
  std::string output_;
};

}  // namespace tinymlkit
