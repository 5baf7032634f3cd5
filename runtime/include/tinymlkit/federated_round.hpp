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

#include "tinymlkit/model_description.hpp"
#include "tinymlkit/options.hpp"

namespace tinymlkit {

struct RoundRequest {
  std::vector<std::string> clients;
  std::string global;
  std::string rule;
  int64_t byzantine;  // -1: floor((n - 1) / 2)
  bool strict;        // fail on the first bad client instead of excluding it
  bool quiet;
  std::span<const std::string> given;  // hyperparameters on the server's command line: the reference
};

// The usage error for -m or --export-summary with a model whose spec does not declare federation.
Status not_federated(const ModelDescription& model);

Status run_federated_round(const ModelDescription& model, std::span<const OptionSpec> hyperparameters,
                           const RoundRequest& request, LearnerFactory make_learner);

}  // namespace tinymlkit
