#include "tinymlkit/model_session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "tinymlkit/command_line.hpp"
#include "tinymlkit/data_reader.hpp"
#include "tinymlkit/federated_round.hpp"
#include "tinymlkit/model_body.hpp"
#include "tinymlkit/stream_step.hpp"
#include "tinymlkit/version.hpp"

namespace tinymlkit {
namespace {

std::unexpected<Error> usage(std::string message) { return fail(ExitCode::kUsage, std::move(message)); }

std::string option_names(std::span<const OptionSpec> table) {
  std::string names;
  for (const OptionSpec& option : table) {
    if (!names.empty()) names += ", ";
    names += option.name;
  }
  return names;
}

// Sets the table's options from `name=value` lines; returns the names given.
Result<std::vector<std::string>> apply_settings(std::span<const OptionSpec> table, std::string_view settings,
                                                std::string_view program) {
  std::vector<std::string> given;
  while (!settings.empty()) {
    const size_t end = settings.find('\n');
    const std::string_view line = settings.substr(0, end);
    settings = end == std::string_view::npos ? std::string_view() : settings.substr(end + 1);
    if (line.empty()) continue;
    const size_t equals = line.find('=');
    if (equals == std::string_view::npos) return usage("expected name=value, got " + quoted(line));
    const std::string name(line.substr(0, equals));
    const auto option = std::find_if(table.begin(), table.end(), [&](const OptionSpec& o) { return o.name == name; });
    if (option == table.end())
      return usage(std::string(program) + " has no hyperparameter " + quoted(name) + " (it has " +
                   option_names(table) + ")");
    if (std::find(given.begin(), given.end(), name) != given.end()) return usage(name + " is given twice");
    const std::string_view value = line.substr(equals + 1);
    if (option->type == OptionType::kFlag && value != "true" && value != "false")
      return usage(name + ": expected true or false, got " + quoted(value));
    if (option->type != OptionType::kFlag || value == "true") TMK_TRY(set_option(*option, value));
    given.push_back(name);
  }
  return given;
}

// Adds the time from its making to its end to `seconds` (if not null): the summary's seconds are
// those spent learning, whatever the caller does between calls.
class LearningClock {
 public:
  explicit LearningClock(double* seconds)
      : seconds_(seconds), start_(seconds != nullptr ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{}) {}
  ~LearningClock() {
    if (seconds_ != nullptr) *seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  LearningClock(const LearningClock&) = delete;
  LearningClock& operator=(const LearningClock&) = delete;

 private:
  double* seconds_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

ModelSession::ModelSession(const ModelBinding& binding, std::unique_ptr<ModelSettings> settings)
    : model_(binding.model), settings_(std::move(settings)) {}

Result<std::unique_ptr<ModelSession>> ModelSession::create(const ModelBinding& binding, std::string_view settings) {
  std::unique_ptr<ModelSession> session(new ModelSession(binding, binding.make_settings()));
  const std::span<const OptionSpec> hyperparameters = session->settings_->hyperparameters();
  int64_t seed = 1;
  std::string preset;
  std::vector<std::string_view> preset_names;
  for (const Preset& p : binding.model.presets) preset_names.push_back(p.name);
  std::vector<OptionSpec> table{seed_option(seed)};
  if (!preset_names.empty())
    table.push_back({"preset", '\0', OptionType::kChoice, "", 0, 0, preset_names, "NAME", "", &preset});
  table.insert(table.end(), hyperparameters.begin(), hyperparameters.end());
  TMK_TRY(parse_command_line(table, 0, nullptr));  // the defaults
  TMK_ASSIGN_OR_RETURN(std::vector<std::string> given, apply_settings(table, settings, binding.model.program));
  for (const Preset& p : binding.model.presets)
    if (p.name == preset) TMK_TRY(apply_preset(table, p, given));
  TMK_TRY(check_constraints(hyperparameters, binding.model.constraints, ExitCode::kUsage));
  session->learner_ = session->settings_->make_learner(static_cast<uint64_t>(seed));
  session->metrics_.task = session->learner_->task();
  return session;
}

Result<std::unique_ptr<ModelSession>> ModelSession::load(const ModelBinding& binding, std::string_view bytes) {
  std::unique_ptr<ModelSession> session(new ModelSession(binding, binding.make_settings()));
  ModelSettings& settings = *session->settings_;
  auto make_learner = [&settings](uint64_t seed) { return settings.make_learner(seed); };
  TMK_ASSIGN_OR_RETURN(LoadedModel loaded,
                       load_model_bytes(bytes, "model", binding.model, settings.hyperparameters(), {}, make_learner));
  session->learner_ = std::move(loaded.learner);
  session->federation_ = std::move(loaded.federation);
  session->metrics_.task = session->learner_->task();
  return session;
}

Result<std::unique_ptr<ModelSession>> ModelSession::aggregate(const ModelBinding& binding, std::string_view settings,
                                                             std::string_view models, bool with_previous) {
  RoundSettings round;
  const std::vector<OptionSpec> table = round_options(round);
  TMK_TRY(parse_command_line(table, 0, nullptr));
  TMK_TRY(apply_settings(table, settings, binding.model.program));
  std::vector<RoundInput> inputs;
  ByteReader in(models, "the model list");
  while (in.remaining() > 0) {
    TMK_ASSIGN_OR_RETURN(std::string bytes, in.str());
    const bool is_previous = with_previous && inputs.empty();
    const size_t client_number = inputs.size() + (with_previous ? 0 : 1);
    inputs.push_back({is_previous ? "the previous global model" : "client " + std::to_string(client_number), std::move(bytes)});
  }
  if (with_previous && inputs.empty()) return usage("no previous global model in the model list");
  const std::span<const RoundInput> clients = std::span(inputs).subspan(with_previous ? 1 : 0);
  const std::unique_ptr<ModelSettings> server = binding.make_settings();
  TMK_TRY(parse_command_line(server->hyperparameters(), 0, nullptr));
  auto make_learner = [&server](uint64_t seed) { return server->make_learner(seed); };
  TMK_ASSIGN_OR_RETURN(RoundResult result, aggregate_round(binding.model, server->hyperparameters(), clients,
                                                           with_previous ? inputs.data() : nullptr, round, make_learner));
  return load(binding, result.global_file);
}

Status ModelSession::take(bool learn, bool probabilities, const std::string& where) {
  if (probabilities && learner_->task() != Task::kClassification)
    return usage("probabilities need a classification loss");
  // Only learning counts in the summary: it is the progressive validation of what was learned.
  RunMetrics predicting_only;
  auto taken = take_example(*learner_, example_, !learn, prediction_, learn ? metrics_ : predicting_only);
  if (!taken) {
    const uint32_t column = taken.error().column;  // 0: the label given beside the features
    return fail(ExitCode::kBadInput, (column == 0 ? "label" : where + std::to_string(column)) + ": " + taken.error().what);
  }
  output_.clear();
  append_prediction(output_, *learner_, prediction_, probabilities);
  return {};
}

Result<bool> ModelSession::take_line(std::string_view line, bool learn, bool probabilities) {
  const LearningClock clock(learn ? &metrics_.seconds : nullptr);
  output_.clear();
  auto kind = parse_line(line, example_);
  if (!kind) return fail(ExitCode::kBadInput, "column " + std::to_string(kind.error().column) + ": " + kind.error().what);
  if (*kind == LineKind::kBlank) return false;
  TMK_TRY(take(learn, probabilities, "column "));
  return true;
}

Status ModelSession::learn_text(std::string_view text) {
  const LearningClock clock(&metrics_.seconds);  // once for the block: a clock read is a host call in wasm
  uint64_t taken = 0;
  for (uint64_t line_number = 1; !text.empty(); ++line_number) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const std::string where = "line " + std::to_string(line_number) + ", column ";
    auto kind = parse_line(line, example_);
    if (!kind) return fail(ExitCode::kBadInput, where + std::to_string(kind.error().column) + ": " + kind.error().what);
    if (*kind == LineKind::kBlank) continue;
    TMK_TRY(take(true, false, where));
    ++taken;
  }
  output_ = std::to_string(taken);
  return {};
}

Status ModelSession::take_features(std::span<const uint32_t> indexes, std::span<const double> values,
                                   std::string_view label, double weight, bool learn, bool probabilities) {
  const LearningClock clock(learn ? &metrics_.seconds : nullptr);
  output_.clear();
  if (indexes.size() != values.size())
    return usage(std::to_string(indexes.size()) + " indexes but " + std::to_string(values.size()) + " values");
  if (label.find_first_of(" \t|\r\n") != std::string_view::npos)
    return fail(ExitCode::kBadInput, "a label is one token without white space or '|', got " + quoted(label));
  if (!(weight >= 0 && weight <= kMaxWeight))
    return fail(ExitCode::kBadInput, "the weight must be between 0 and 1e6, got " + std::to_string(weight));
  example_.label = label;
  example_.label_column = 0;
  example_.weight = weight;
  example_.features.clear();
  for (size_t i = 0; i < indexes.size(); ++i) {
    if (!std::isfinite(values[i]))
      return fail(ExitCode::kBadInput, "feature " + std::to_string(i + 1) + ": a feature value must be finite");
    example_.features.push_back({indexes[i], static_cast<uint32_t>(i + 1), values[i]});
  }
  if (auto normalized = normalize_features(example_); !normalized)
    return fail(ExitCode::kBadInput, "feature " + std::to_string(normalized.error().column) + ": " + normalized.error().what);
  return take(learn, probabilities, "feature ");
}

Status ModelSession::save(bool client_summary) {
  output_.clear();
  if (client_summary && (!model_.federated || learner_->federated() == nullptr)) return not_federated(model_);
  output_ = model_file_bytes(model_, model_body(settings_->hyperparameters(), federation_, *learner_, client_summary));
  return {};
}

void ModelSession::describe() {
  output_ = readable_model_json(model_, settings_->hyperparameters(), federation_, *learner_);
}

Status ModelSession::export_c() {
  output_.clear();
  TMK_ASSIGN_OR_RETURN(output_, learner_->export_c(model_.program, std::string(model_.program) + " " + kVersion));
  return {};
}

Status ModelSession::export_onnx() {
  output_.clear();
  TMK_ASSIGN_OR_RETURN(output_, learner_->export_onnx(model_.program, kVersion));
  return {};
}

void ModelSession::summary_json() {
  metrics_.model_figures = learner_->summary_figures();
  output_ = format_summary_json(metrics_, model_.program);
}

}  // namespace tinymlkit
