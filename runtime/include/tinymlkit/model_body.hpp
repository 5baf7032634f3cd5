// A model file's body, the same for every model: its hyperparameters (name, type, value), its
// federation record, then the learner's own state. Loading sets the hyperparameter table (and
// so the config the factory reads) from the file before the learner is made.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "tinymlkit/federation.hpp"
#include "tinymlkit/format_version.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/model_description.hpp"
#include "tinymlkit/options.hpp"

namespace tinymlkit {

struct LoadedModel {
  std::unique_ptr<Learner> learner;
  FederationRecord federation;
  std::vector<std::string> hyperparameters;  // each as it would be typed, in table order
};

// A model from a body already out of its envelope (`path` names it in messages); stored
// hyperparameters that break a constraint are refused as a bad file.
Result<LoadedModel> load_model_body(std::string_view body, const std::string& path,
                                    std::span<const OptionSpec> hyperparameters,
                                    std::span<const Constraint> constraints,
                                    std::span<const std::string> given, LearnerFactory make_learner,
                                    uint32_t format_version = kModelFormatVersion);

// A model from the bytes of a whole model file, which `name` names in messages.
Result<LoadedModel> load_model_bytes(std::string_view bytes, const std::string& name, const ModelDescription& model,
                                     std::span<const OptionSpec> hyperparameters, std::span<const std::string> given,
                                     LearnerFactory make_learner);

// `given` are hyperparameters from the command line, which must agree with the file's.
Result<LoadedModel> load_model(const std::string& path, const ModelDescription& model,
                               std::span<const OptionSpec> hyperparameters, std::span<const std::string> given,
                               LearnerFactory make_learner);

// The body of a model file; a summary, a federated learner's (the command line refuses
// --export-summary for the others), leaves out raw examples.
std::string model_body(std::span<const OptionSpec> hyperparameters, const FederationRecord& federation,
                       const Learner& learner, bool summary);

// A whole model file around `body`: the envelope names the model's kind and this build as writer.
std::string model_file_bytes(const ModelDescription& model, std::string_view body);
Status write_model(const std::string& path, const ModelDescription& model, std::string_view body);

// What --readable-model writes: the kind, the writer, the hyperparameters, the federation record
// and what the learner describes of itself, as JSON.
std::string readable_model_json(const ModelDescription& model, std::span<const OptionSpec> hyperparameters,
                                const FederationRecord& federation, const Learner& learner);

std::vector<std::string> hyperparameter_texts(std::span<const OptionSpec> hyperparameters);

}  // namespace tinymlkit
