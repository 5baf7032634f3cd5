#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tinymlkit/model_body.hpp"

namespace tinymlkit::fuzz {
namespace {

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "fuzz: %s\n", what);
  std::abort();
}

}  // namespace

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
  for (bool summary : {false, true}) {
    const std::string saved = model_body(hyperparameters, loaded->federation, learner, summary);
    auto reloaded = load_model_body(saved, "saved.tmk", hyperparameters, constraints, {}, make_learner);
    if (!reloaded) broken("a model that loaded refused its own saved state");
    if (model_body(hyperparameters, reloaded->federation, *reloaded->learner, summary) != saved)
      broken("saving what was loaded from a save gave other bytes");
  }

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
  if (global->aggregate(clients, AggregationRule::kMedian, 1)) global->predict(example, prediction);
}

}  // namespace tinymlkit::fuzz
