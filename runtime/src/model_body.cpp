#include "tinymlkit/model_body.hpp"

#include "tinymlkit/federated_learner.hpp"

#include "tinymlkit/files.hpp"
#include "tinymlkit/model_file.hpp"
#include "tinymlkit/version.hpp"

namespace tinymlkit {

std::vector<std::string> hyperparameter_texts(std::span<const OptionSpec> hyperparameters) {
  std::vector<std::string> texts;
  for (const OptionSpec& option : hyperparameters) texts.push_back(option_value_text(option));
  return texts;
}

Result<LoadedModel> load_model(const std::string& path, const ModelDescription& model,
                               std::span<const OptionSpec> hyperparameters, std::span<const std::string> given,
                               LearnerFactory make_learner) {
  TMK_ASSIGN_OR_RETURN(std::string bytes, read_whole_file(path));
  return load_model_bytes(bytes, path, model, hyperparameters, given, make_learner);
}

Result<LoadedModel> load_model_bytes(std::string_view bytes, const std::string& name, const ModelDescription& model,
                                     std::span<const OptionSpec> hyperparameters, std::span<const std::string> given,
                                     LearnerFactory make_learner) {
  TMK_ASSIGN_OR_RETURN(ModelEnvelope envelope, decode_model_file(bytes, name, model.kind, model.program));
  return load_model_body(envelope.body, name, hyperparameters, model.constraints, given,
                         make_learner, envelope.version);
}

Result<LoadedModel> load_model_body(std::string_view body, const std::string& path,
                                    std::span<const OptionSpec> hyperparameters,
                                    std::span<const Constraint> constraints,
                                    std::span<const std::string> given, LearnerFactory make_learner,
                                    uint32_t format_version) {
  ByteReader in(body, path, format_version);
  TMK_TRY(read_option_values(in, hyperparameters, given, path));
  if (auto met = check_constraints(hyperparameters, constraints, ExitCode::kBadInput); !met)
    return fail(ExitCode::kBadInput, path + ": " + met.error().message);
  LoadedModel loaded;
  loaded.hyperparameters = hyperparameter_texts(hyperparameters);
  TMK_TRY(loaded.federation.load(in));
  loaded.learner = make_learner(0);  // the random state comes from the file
  TMK_TRY(loaded.learner->load(in));
  return loaded;
}

std::string model_body(std::span<const OptionSpec> hyperparameters, const FederationRecord& federation,
                       const Learner& learner, bool summary) {
  ByteWriter body;
  write_option_values(body, hyperparameters);
  federation.save(body);
  if (const FederatedLearner* federated = learner.federated(); summary && federated != nullptr) {
    federated->save_summary(body);
  } else {
    learner.save(body);
  }
  return body.take();
}

std::string model_file_bytes(const ModelDescription& model, std::string_view body) {
  return encode_model_file({std::string(model.kind), std::string(model.program) + " " + kVersion, body});
}

std::string readable_model_json(const ModelDescription& model, std::span<const OptionSpec> hyperparameters,
                                const FederationRecord& federation, const Learner& learner) {
  JsonWriter json;
  json.begin_object();
  json.field("model", model.kind);
  json.field("writer", std::string(model.program) + " " + kVersion);
  json.begin_object("hyperparameters");
  for (const OptionSpec& option : hyperparameters) json.field(option.name, option_value_text(option));
  json.end_object();
  federation.describe(json);
  learner.describe(json);
  json.end_object();
  return json.finish();
}

Status write_model(const std::string& path, const ModelDescription& model, std::string_view body) {
  return write_file_atomically(path, model_file_bytes(model, body));
}

}  // namespace tinymlkit
