#include "tinymlkit/command_line.hpp"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "tinymlkit/cpu_features.hpp"
#include "tinymlkit/data_reader.hpp"
#include "tinymlkit/federated_round.hpp"
#include "tinymlkit/files.hpp"
#include "tinymlkit/model_body.hpp"
#include "tinymlkit/model_file.hpp"
#include "tinymlkit/number_format.hpp"
#include "tinymlkit/path_identity.hpp"
#include "tinymlkit/process_memory.hpp"
#include "tinymlkit/progress.hpp"
#include "tinymlkit/stream_step.hpp"
#include "tinymlkit/version.hpp"

namespace tinymlkit {
namespace {

constexpr uint64_t kBadLinesShown = 10;

struct RunOptions {
  std::string data, final_model, initial_model, predictions, summary_json, readable_model, export_summary, export_c,
      export_onnx, preset;
  bool test_only = false, probabilities = false, quiet = false, skip_bad_lines = false;
  bool help = false, version = false;
  int64_t seed = 0;
  double confidence = 0.95;
  std::vector<std::string> clients;
  RoundSettings round;  // -m's --aggregate, --byzantine and --strict
};

// What a federated round (-m) does not do, and what only a round does: given to the other kind
// of run, each would be ignored, so each is refused. {name, as shown}
struct ShownOption {
  std::string_view name, shown;
};
constexpr ShownOption kNotInARound[] = {
    {"data", "-d"},          {"initial-model", "-i"},       {"test-only", "-t"},         {"predictions", "-p"},
    {"probabilities", "--probabilities"}, {"readable-model", "--readable-model"}, {"summary-json", "--summary-json"},
    {"skip-bad-lines", "--skip-bad-lines"}, {"seed", "--seed"}, {"confidence", "--confidence"},
    {"export-summary", "--export-summary"}, {"export-c", "--export-c"}, {"export-onnx", "--export-onnx"},
    {"preset", "--preset"}};
constexpr ShownOption kOnlyInARound[] = {{"aggregate", "--aggregate"}, {"byzantine", "--byzantine"}, {"strict", "--strict"}};

std::vector<OptionSpec> common_options(RunOptions& o) {
  using T = OptionType;
  std::vector<OptionSpec> options{
      {"data", 'd', T::kText, "", 0, 0, {}, "FILE", "examples to read ('-': standard input)", &o.data},
      {"final-model", 'f', T::kText, "", 0, 0, {}, "FILE", "write the model to FILE at the end", &o.final_model},
      {"initial-model", 'i', T::kText, "", 0, 0, {}, "FILE", "start from the model in FILE", &o.initial_model},
      {"predictions", 'p', T::kText, "", 0, 0, {}, "FILE", "write one prediction a line to FILE ('-': stdout)", &o.predictions},
      {"test-only", 't', T::kFlag, "", 0, 0, {}, "", "predict only, learn nothing", &o.test_only},
      {"probabilities", '\0', T::kFlag, "", 0, 0, {}, "", "predictions as class:probability for every class", &o.probabilities},
      {"readable-model", '\0', T::kText, "", 0, 0, {}, "FILE", "write the model as readable JSON to FILE", &o.readable_model},
      {"summary-json", '\0', T::kText, "", 0, 0, {}, "FILE", "write the run's summary as JSON to FILE", &o.summary_json},
      {"skip-bad-lines", '\0', T::kFlag, "", 0, 0, {}, "", "skip and count bad lines instead of stopping", &o.skip_bad_lines},
      seed_option(o.seed),
      {"confidence", '\0', T::kReal, "0.95", 0.5, 0.999999, {}, "P", "confidence of the accuracy's Hoeffding interval", &o.confidence},
      {"export-summary", '\0', T::kText, "", 0, 0, {}, "FILE", "write the model without raw examples, for a federation server", &o.export_summary},
      {"export-c", '\0', T::kText, "", 0, 0, {}, "FILE.h", "write the model as one self-contained C99 header (no heap, stdio or libm)", &o.export_c},
      {"export-onnx", '\0', T::kText, "", 0, 0, {}, "FILE.onnx", "write the model as an ONNX graph that predicts as the program does", &o.export_onnx},
      {"client-model", 'm', T::kTextList, "", 0, 0, {}, "FILE", "aggregate this client model into -f (repeat -m for each client)", &o.clients},
  };
  const std::vector<OptionSpec> round = round_options(o.round);
  options.insert(options.end(), round.begin(), round.end());
  options.insert(options.end(), {
      {"quiet", '\0', T::kFlag, "", 0, 0, {}, "", "no progress table or summary on stderr", &o.quiet},
      {"help", 'h', T::kFlag, "", 0, 0, {}, "", "show this help", &o.help},
      {"version", '\0', T::kFlag, "", 0, 0, {}, "", "show the version", &o.version},
  });
  return options;
}

bool was_given(const std::vector<std::string>& given, std::string_view name) {
  for (const std::string& g : given)
    if (g == name) return true;
  return false;
}

std::unexpected<Error> usage(std::string message) { return fail(ExitCode::kUsage, std::move(message)); }

class Run {
 public:
  Run(const ModelDescription& model, std::span<const OptionSpec> hyperparameters, RunOptions& options,
      std::vector<std::string> given)
      : model_(model), hyperparameters_(hyperparameters), o_(options), given_(std::move(given)) {}

  Status execute(LearnerFactory make_learner);

 private:
  Status check_options() const;
  Status make_or_load_learner(LearnerFactory make_learner);
  Status train_and_predict();
  // With --skip-bad-lines, counts and reports the bad line and gives it an empty prediction
  // line; otherwise it is the run's error.
  Status bad_line(Error error);
  Status write_outputs();

  const ModelDescription& model_;
  std::span<const OptionSpec> hyperparameters_;
  RunOptions& o_;
  std::vector<std::string> given_;
  std::unique_ptr<Learner> learner_;
  FederationRecord federation_;
  std::optional<AtomicOutput> predictions_;
  std::string line_;
  RunMetrics metrics_;
};

Status Run::check_options() const {
  if (!model_.federated && (!o_.clients.empty() || !o_.export_summary.empty())) return not_federated(model_);
  if (!o_.clients.empty()) {
    if (o_.final_model.empty()) return usage("-m aggregates client models into -f FILE: give -f");
    for (const ShownOption& option : kNotInARound)
      if (was_given(given_, option.name))
        return usage("-m aggregates client models into -f: it takes no " + std::string(option.shown) +
                     " (the previous global model is read from -f itself; give hyperparameters by name)");
    std::vector<NamedPath> clients;
    clients.reserve(o_.clients.size());
    for (const std::string& client : o_.clients) clients.push_back({"-m", &client});
    const NamedPath global[] = {{"-f", &o_.final_model}};
    return check_paths(clients, global, true);
  }
  for (const ShownOption& option : kOnlyInARound)
    if (was_given(given_, option.name))
      return usage(std::string(option.shown) + " applies to a federated round: give the client models with -m");
  const bool converts_model = !o_.initial_model.empty() &&
                              (!o_.readable_model.empty() || !o_.export_summary.empty() || !o_.export_c.empty() ||
                               !o_.export_onnx.empty());
  if (o_.data.empty() && !converts_model)
    return usage("nothing to do: give examples with -d FILE, or a model to inspect with -i FILE "
                 "--readable-model OUT, to summarize with -i FILE --export-summary OUT or to write as C or ONNX with -i "
                 "FILE --export-c OUT.h or --export-onnx OUT.onnx (see --help)");
  if (o_.test_only && o_.initial_model.empty())
    return usage("-t predicts with a trained model: give it with -i FILE");
  if (!o_.initial_model.empty() && was_given(given_, "seed"))
    return usage("--seed applies to a new model; " + o_.initial_model + " carries its own random state");
  const NamedPath inputs[] = {{"-d", &o_.data}, {"-i", &o_.initial_model}};
  // -i m.tmk -f m.tmk resumes in place: the new model replaces the old one atomically.
  const NamedPath outputs[] = {{"-f", &o_.final_model, "-i"},
                               {"-p", &o_.predictions},
                               {"--readable-model", &o_.readable_model},
                               {"--summary-json", &o_.summary_json},
                               {"--export-summary", &o_.export_summary},
                               {"--export-c", &o_.export_c},
                               {"--export-onnx", &o_.export_onnx}};
  return check_paths(inputs, outputs, false);
}

Status Run::make_or_load_learner(LearnerFactory make_learner) {
  if (o_.initial_model.empty()) {
    learner_ = make_learner(static_cast<uint64_t>(o_.seed));
    return {};
  }
  TMK_ASSIGN_OR_RETURN(LoadedModel loaded,
                       load_model(o_.initial_model, model_, hyperparameters_, given_, make_learner));
  learner_ = std::move(loaded.learner);
  federation_ = std::move(loaded.federation);  // a client continuing from a global model keeps its round
  return {};
}

Status Run::bad_line(Error error) {
  if (!o_.skip_bad_lines || error.code != ExitCode::kBadInput) return std::unexpected(std::move(error));
  if (predictions_) TMK_TRY(predictions_->write("\n"));  // an empty line keeps predictions in step with the lines
  if (++metrics_.skipped <= kBadLinesShown && !o_.quiet)
    std::fprintf(stderr, "%s: skipped %s%s\n", std::string(model_.program).c_str(), error.message.c_str(),
                 metrics_.skipped == kBadLinesShown ? " (further bad lines are counted, not shown)" : "");
  return {};
}

Status Run::train_and_predict() {
  TMK_ASSIGN_OR_RETURN(DataReader reader, DataReader::open(o_.data));
  if (!o_.predictions.empty()) {
    TMK_ASSIGN_OR_RETURN(AtomicOutput output, AtomicOutput::create(o_.predictions));
    predictions_.emplace(std::move(output));
  }
  ProgressTable progress(o_.quiet ? nullptr : stderr);
  Example example;
  Prediction prediction;
  metrics_.task = learner_->task();
  metrics_.confidence = o_.confidence;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    auto more = reader.next(example);
    if (!more) {
      TMK_TRY(bad_line(std::move(more.error())));
      continue;
    }
    if (!*more) break;
    if (auto taken = take_example(*learner_, example, o_.test_only, prediction, metrics_); !taken) {
      TMK_TRY(bad_line({ExitCode::kBadInput, reader.where(taken.error().column) + ": " + taken.error().what}));
      continue;
    }
    if (predictions_) {  // formatting a number costs as much as parsing a line: only for -p
      line_.clear();
      append_prediction(line_, *learner_, prediction, o_.probabilities);
      line_ += '\n';
      TMK_TRY(predictions_->write(line_));
    }
    if (progress.due(metrics_)) {
      const std::string shown = learner_->task() == Task::kRegression
                                    ? format_rounded(prediction.value, 6)
                                    : learner_->class_count() == 0 ? std::string()
                                    : std::string(learner_->class_name(prediction.class_index));
      progress.print_row(metrics_, example.label, shown, example.features.size());
    }
  }
  metrics_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.model_figures = learner_->summary_figures();
  return {};
}

Status Run::write_outputs() {
  if (predictions_) TMK_TRY(predictions_->commit());
  if (!o_.final_model.empty())
    TMK_TRY(write_model(o_.final_model, model_, model_body(hyperparameters_, federation_, *learner_, false)));
  if (!o_.export_summary.empty())
    TMK_TRY(write_model(o_.export_summary, model_, model_body(hyperparameters_, federation_, *learner_, true)));
  if (!o_.export_c.empty()) {
    TMK_ASSIGN_OR_RETURN(std::string header, learner_->export_c(model_.program, std::string(model_.program) + " " + kVersion));
    TMK_TRY(write_file_atomically(o_.export_c, header));
  }
  if (!o_.export_onnx.empty()) {
    TMK_ASSIGN_OR_RETURN(std::string onnx, learner_->export_onnx(model_.program, kVersion));
    TMK_TRY(write_file_atomically(o_.export_onnx, onnx));
  }
  if (!o_.readable_model.empty()) TMK_TRY(write_file_atomically(o_.readable_model, readable_model_json(model_, hyperparameters_, federation_, *learner_)));
  if (!o_.summary_json.empty())
    TMK_TRY(write_file_atomically(o_.summary_json, format_summary_json(metrics_, model_.program)));
  return {};
}

Status Run::execute(LearnerFactory make_learner) {
  TMK_TRY(check_options());
  if (!o_.clients.empty()) {
    o_.round.quiet = o_.quiet;
    o_.round.given = given_;
    return run_federated_round(model_, hyperparameters_, o_.clients, o_.final_model, o_.round, make_learner);
  }
  TMK_TRY(make_or_load_learner(make_learner));
  if (o_.probabilities && learner_->task() != Task::kClassification)
    return usage("--probabilities needs a classification loss");
  if (!o_.data.empty()) TMK_TRY(train_and_predict());
  TMK_TRY(write_outputs());
  if (!o_.quiet && !o_.data.empty()) std::fputs(format_summary(metrics_).c_str(), stderr);
  return {};
}

}  // namespace

OptionSpec seed_option(int64_t& seed) {
  constexpr double kMaxSeed = 9007199254740992.0;  // 2^53: every seed is exact as a double
  return {"seed", '\0', OptionType::kInteger, "1", 0, kMaxSeed, {}, "N", "seed of the model's random choices", &seed};
}

int run_command_line(int argc, char** argv, const ModelDescription& model,
                     std::span<const OptionSpec> hyperparameters, LearnerFactory make_learner) {
  adopt_host_working_directory();
  keep_freed_memory();
  RunOptions options;
  std::vector<OptionSpec> all = common_options(options);
  std::vector<std::string_view> preset_names;
  std::string preset_help = "set the hyperparameters of a reference (options given too still win):";
  for (const Preset& preset : model.presets) {
    preset_names.push_back(preset.name);
    preset_help += " " + std::string(preset.name) + ": " + std::string(preset.help);
  }
  if (!preset_names.empty())
    all.push_back({"preset", '\0', OptionType::kChoice, "", 0, 0, preset_names, "NAME", preset_help, &options.preset});
  const size_t common_count = all.size();
  all.insert(all.end(), hyperparameters.begin(), hyperparameters.end());
  const std::string program(model.program);

  auto given = parse_command_line(all, argc, argv);
  if (!given) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), given.error().message.c_str());
    return static_cast<int>(given.error().code);
  }
  if (auto setting = check_vector_loops_setting(); !setting) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), setting.error().message.c_str());
    return static_cast<int>(setting.error().code);
  }
  if (options.help) {
    const std::span<const OptionSpec> table(all);
    std::printf("%s\nOptions:\n%s\nModel options:\n%s", std::string(model.about).c_str(),
                format_options_help(table.first(common_count)).c_str(),
                format_options_help(table.subspan(common_count)).c_str());
    return 0;
  }
  for (const Preset& preset : model.presets) {
    if (preset.name != options.preset) continue;
    if (auto applied = apply_preset(all, preset, *given); !applied) {
      std::fprintf(stderr, "%s: %s\n", program.c_str(), applied.error().message.c_str());
      return static_cast<int>(applied.error().code);
    }
  }
  if (auto met = check_constraints(hyperparameters, model.constraints, ExitCode::kUsage); !met) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), met.error().message.c_str());
    return static_cast<int>(met.error().code);
  }
  if (options.version) {
    std::printf("%s %s (model file format %u, vector loops %s)\n", program.c_str(), kVersion,
                kModelFormatVersion, vector_loops_name(vector_loops()));
    return 0;
  }
  Run run(model, hyperparameters, options, std::move(*given));
  if (auto status = run.execute(make_learner); !status) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), status.error().message.c_str());
    return static_cast<int>(status.error().code);
  }
  return 0;
}

}  // namespace tinymlkit
