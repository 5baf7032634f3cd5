// One round of federated learning on the server: `-m client.tmk ... -f global.tmk`. Client files
// that are corrupt, of another kind, incompatible or non-finite are excluded with the reason and
// count among the F Byzantine clients; if fewer than n - F remain, nothing is written. What a
// client must agree with: the previous global model and the settings given on the server's
// command line; beyond those, the largest group of clients that agree with each other. The new
// global model replaces the previous round's atomically and records the round.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tinymlkit/federation.hpp"
#include "tinymlkit/model_description.hpp"
#include "tinymlkit/options.hpp"

namespace tinymlkit {

// How a round aggregates, whoever asks: the command line's -m or a library module.
struct RoundSettings {
  std::string rule = "median";
  int64_t byzantine = -1;  // -1: floor((n - 1) / 2)
  bool strict = false;     // fail on the first bad client instead of excluding it
  bool quiet = true;       // say nothing on stderr of excluded clients
  std::span<const std::string> given;  // hyperparameters the server asks for: the reference
};

// --aggregate, --byzantine and --strict over `settings`, with their choices, ranges and help.
std::vector<OptionSpec> round_options(RoundSettings& settings);

// A model of the round as read: its name in messages, and its bytes or why they could not be read.
struct RoundInput {
  std::string name;
  Result<std::string> bytes;
};

struct RoundResult {
  std::string global_file;  // the new global model's .tmk bytes
  FederationRound round;    // what the global model records of this round
};

// One round over models already read. `previous` is the last round's global model, if any.
Result<RoundResult> aggregate_round(const ModelDescription& model, std::span<const OptionSpec> hyperparameters,
                                    std::span<const RoundInput> clients, const RoundInput* previous,
                                    const RoundSettings& settings, LearnerFactory make_learner);

// The usage error for -m or --export-summary with a model whose spec does not declare federation.
Status not_federated(const ModelDescription& model);

// -m client.tmk ... -f global.tmk: reads the files, aggregates, and replaces `global` atomically.
Status run_federated_round(const ModelDescription& model, std::span<const OptionSpec> hyperparameters,
                           std::span<const std::string> clients, const std::string& global,
                           const RoundSettings& settings, LearnerFactory make_learner);

}  // namespace tinymlkit
