#include "fuzz_support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tinymlkit/data_reader.hpp"
#include "tinymlkit/federated_learner.hpp"
#include "tinymlkit/model_body.hpp"

namespace tinymlkit::fuzz {
namespace {

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "fuzz: %s\n", what);
  std::abort();
}

// A hyperparameter from an option line, "--name=value"; false if the line is not one.
bool set_option_line(std::string_view line, std::span<const OptionSpec> hyperparameters, bool& refused) {
  if (!line.starts_with("--")) return false;
  const size_t equals = line.find('=');
  const std::string_view name = line.substr(2, equals == std::string_view::npos ? line.size() : equals - 2);
  const std::string_view value = equals == std::string_view::npos ? std::string_view() : line.substr(equals + 1);
  refused = true;
  for (const OptionSpec& option : hyperparameters)
    if (option.name == name) refused = !set_option(option, value).has_value();
  return true;
}

// Saved bodies (model and client summary) must load and save to the same bytes again.
void check_saves_load(const Learner& learner, const FederationRecord& federation,
                      std::span<const OptionSpec> hyperparameters, std::span<const Constraint> constraints,
                      LearnerFactory make_learner) {
  for (bool summary : {false, true}) {
    const std::string saved = model_body(hyperparameters, federation, learner, summary);
    auto reloaded = load_model_body(saved, "saved.tmk", hyperparameters, constraints, {}, make_learner);
    if (!reloaded) {
      std::fprintf(stderr, "fuzz: %s\n", reloaded.error().message.c_str());
      broken("a model refused its own saved state");
    }
    if (model_body(hyperparameters, reloaded->federation, *reloaded->learner, summary) != saved)
      broken("saving what was loaded from a save gave other bytes");
  }
}

// --export-c and --export-onnx walk a model's own numbers (tree nodes, leaf indexes, weights), so
// a hostile file that loads must export or be refused with a reason, never crash.
void check_exports(const Learner& learner) {
  for (const auto& exported :
       {learner.export_c("fuzz", "fuzz"), learner.export_onnx("fuzz", "fuzz")}) {
    if (exported ? exported->empty() : exported.error().message.empty())
      broken("an export gave nothing and no reason");
  }
}

}  // namespace

void exercise_data_lines(std::string_view stream, std::span<const OptionSpec> hyperparameters,
                         std::span<const Constraint> constraints, LearnerFactory make_learner) {
  char program[] = "fuzz";
  char* argv[] = {program};
  if (!parse_command_line(hyperparameters, 1, argv)) broken("the spec's defaults do not parse");
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= stream.size();) {
    const size_t end = std::min(stream.find('\n', start), stream.size());
    lines.push_back(stream.substr(start, end - start));
    start = end + 1;
  }
  size_t first_data_line = 0;
  for (bool refused = false; first_data_line < lines.size(); ++first_data_line) {
    if (!set_option_line(lines[first_data_line], hyperparameters, refused)) break;
    if (refused) return;  // a value the command line refuses too
  }
  if (!check_constraints(hyperparameters, constraints, ExitCode::kUsage)) return;
  std::unique_ptr<Learner> learner = make_learner(1);
  Example example;
  Prediction prediction;
  for (size_t i = first_data_line; i < lines.size(); ++i) {
    auto kind = parse_line(lines[i], example);
    if (!kind || *kind != LineKind::kExample || !example.labeled() || !learner->check_learnable(example)) continue;
    auto target = learner->target_of(example.label);
    if (!target) continue;
    learner->predict(example, prediction);
    learner->learn(example, *target);
  }
  learner->predict(example, prediction);
  check_saves_load(*learner, FederationRecord{}, hyperparameters, constraints, make_learner);
  check_exports(*learner);
}

void exercise_model_body(std::string_view body, std::span<const OptionSpec> hyperparameters,
                         std::span<const Constraint> constraints, LearnerFactory make_learner) {
  char program[] = "fuzz";
  char* argv[] = {program};
  if (!parse_command_line(hyperparameters, 1, argv)) broken("the spec's defaults do not parse");
  auto loaded = load_model_body(body, "fuzz.tmk", hyperparameters, constraints, {}, make_learner);
  if (!loaded) return;  // refused: what a bad file should get
  Learner& learner = *loaded->learner;

  // What loaded saves a state that loads again and saves to the same bytes (for the model and
  // for the client summary a federated client would send).
  check_saves_load(learner, loaded->federation, hyperparameters, constraints, make_learner);
  check_exports(learner);

  Example example;
  example.features = {{0, 1, 1.5}, {3, 9, -2.0}};
  Prediction prediction;
  learner.predict(example, prediction);
  if (auto target = learner.target_of(learner.task() == Task::kRegression ? "1.5" : "a");
      target && learner.check_learnable(example)) {
    learner.learn(example, *target);
    learner.predict(example, prediction);
  }
  for (bool summary : {false, true}) {
    const std::string saved = model_body(hyperparameters, loaded->federation, learner, summary);
    (void)load_model_body(saved, "saved.tmk", hyperparameters, constraints, {}, make_learner);
  }
  const Learner* clients[] = {&learner, &learner, &learner};
  std::unique_ptr<Learner> global = make_learner(1);
  if (global->federated() != nullptr && global->federated()->aggregate(clients, AggregationRule::kMedian, 1, &learner))
    global->predict(example, prediction);
}

}  // namespace tinymlkit::fuzz
