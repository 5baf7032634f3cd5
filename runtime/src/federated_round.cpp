#include "tinymlkit/federated_round.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/federated_learner.hpp"
#include "tinymlkit/model_body.hpp"

namespace tinymlkit {
namespace {

bool file_exists(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  std::fclose(file);
  return true;
}

// Why a client cannot join the reference: other settings, or a model the reference's cannot be
// combined with. Empty when it can.
std::string mismatch(std::span<const OptionSpec> hyperparameters, const LoadedModel& client,
                     const LoadedModel& reference, std::string_view others) {
  for (size_t i = 0; i < hyperparameters.size(); ++i)
    if (client.hyperparameters[i] != reference.hyperparameters[i])
      return "trained with --" + std::string(hyperparameters[i].name) + " " + client.hyperparameters[i] + ", " +
             std::string(others) + " " + reference.hyperparameters[i];
  return reference.learner->federated()->incompatibility(*client.learner).value_or("");
}

// The settings asked for on the server's command line, where they differ from a client's.
std::string differs_from_request(std::span<const OptionSpec> hyperparameters, std::span<const std::string> given,
                                 std::span<const std::string> asked, const LoadedModel& client) {
  for (size_t i = 0; i < hyperparameters.size(); ++i) {
    if (std::find(given.begin(), given.end(), hyperparameters[i].name) == given.end()) continue;
    if (client.hyperparameters[i] != asked[i])
      return "trained with --" + std::string(hyperparameters[i].name) + " " + client.hyperparameters[i] +
             ", the server asks for " + asked[i];
  }
  return {};
}

}  // namespace

Status not_federated(const ModelDescription& model) {
  return fail(ExitCode::kUsage, std::string(model.program) +
                                    " does not take part in federated learning (its spec does not declare "
                                    "federation): -m and --export-summary are not available");
}

Status run_federated_round(const ModelDescription& model, std::span<const OptionSpec> hyperparameters,
                           const RoundRequest& request, LearnerFactory make_learner) {
  // Every learner the factory makes is federated or none is: one shows which.
  if (!model.federated || make_learner(1)->federated() == nullptr) return not_federated(model);
  const AggregationRule rule = parse_aggregation_rule(request.rule).value_or(AggregationRule::kMedian);
  const size_t n = request.clients.size();
  const size_t f = request.byzantine >= 0 ? static_cast<size_t>(request.byzantine) : default_byzantine(rule, n);
  TMK_TRY(check_aggregation(rule, n, f));
  FederationRound round{0, std::string(aggregation_rule_name(rule)), f, 0, {}, 0};
  // `reason` names the file: a loader's message does; `named` gives the others the path.
  const auto named = [](const std::string& path, const std::string& reason) {
    std::string message = path;
    message += ": ";
    message += reason;
    return message;
  };
  const auto reject = [&](const std::string& path, const std::string& reason) -> Status {
    if (request.strict) return fail(ExitCode::kBadInput, "client rejected (--strict): " + reason);
    if (!request.quiet) std::fprintf(stderr, "%s: excluded %s\n", std::string(model.program).c_str(), reason.c_str());
    round.rejected.push_back({path, reason});
    return {};
  };

  // The server's settings first: the server's command line must not be changed by a loader.
  std::vector<std::string> asked;
  for (const OptionSpec& option : hyperparameters) asked.push_back(option_value_text(option));
  std::optional<LoadedModel> previous;
  if (file_exists(request.global)) {  // the previous round's global model
    TMK_ASSIGN_OR_RETURN(LoadedModel loaded, load_model(request.global, model, hyperparameters, request.given, make_learner));
    previous = std::move(loaded);
  }
  std::vector<LoadedModel> candidates;
  std::vector<std::string> paths;
  for (const std::string& path : request.clients) {
    for (size_t i = 0; i < hyperparameters.size(); ++i) TMK_TRY(set_option(hyperparameters[i], asked[i]));
    auto loaded = load_model(path, model, hyperparameters, {}, make_learner);
    if (!loaded) {
      TMK_TRY(reject(path, loaded.error().message));
      continue;
    }
    std::string reason = loaded->learner->federated()->unfit_client().value_or("");
    if (reason.empty()) reason = differs_from_request(hyperparameters, request.given, asked, *loaded);
    if (reason.empty() && previous) reason = mismatch(hyperparameters, *loaded, *previous, "the global model with");
    if (!reason.empty()) {
      TMK_TRY(reject(path, named(path, reason)));
      continue;
    }
    candidates.push_back(std::move(*loaded));
    paths.push_back(path);
  }
  // Without a previous global model, the reference is the largest group of clients that agree
  // with each other, not whichever is listed first: one hostile client must not exclude the rest.
  std::vector<std::vector<size_t>> groups;
  for (size_t c = 0; c < candidates.size(); ++c) {
    auto joins = std::find_if(groups.begin(), groups.end(), [&](const std::vector<size_t>& group) {
      return mismatch(hyperparameters, candidates[c], candidates[group[0]], "").empty();
    });
    if (joins == groups.end()) groups.push_back({c});
    else joins->push_back(c);
  }
  const auto largest = std::max_element(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
  std::vector<LoadedModel> accepted;
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (std::find(largest->begin(), largest->end(), c) != largest->end()) continue;
    TMK_TRY(reject(paths[c], named(paths[c], mismatch(hyperparameters, candidates[c], candidates[largest->front()],
                                                      "the majority with"))));
  }
  if (groups.empty() || round.rejected.size() > f)
    return fail(ExitCode::kBadInput, std::to_string(round.rejected.size()) + " of " + std::to_string(n) +
                                         " client models were rejected, more than F = " + std::to_string(f) +
                                         ": fewer than n - F remain, so nothing was written");
  for (size_t c : *largest) accepted.push_back(std::move(candidates[c]));
  for (size_t i = 0; i < hyperparameters.size(); ++i)  // the factory reads the clients' settings
    TMK_TRY(set_option(hyperparameters[i], accepted[0].hyperparameters[i]));
  FederationRecord federation = previous ? std::move(previous->federation) : FederationRecord{};
  std::vector<const Learner*> clients;
  clients.reserve(accepted.size());
  for (const LoadedModel& client : accepted) clients.push_back(client.learner.get());
  // The rejected count among the F: at most F - rejected of those left may still be Byzantine.
  const size_t remaining_byzantine = f - round.rejected.size();
  std::unique_ptr<Learner> global = make_learner(1);
  TMK_ASSIGN_OR_RETURN(round.iterations, global->federated()->aggregate(clients, rule, remaining_byzantine,
                                                                         previous ? previous->learner.get() : nullptr));
  round.round = federation.round + 1;
  round.accepted = accepted.size();
  federation.add(round);
  TMK_TRY(write_model(request.global, model, model_body(hyperparameters, federation, *global, false)));
  if (!request.quiet)
    std::fprintf(stderr, "%s: round %llu: %s of %zu clients (F = %zu, %zu excluded) -> %s\n",
                 std::string(model.program).c_str(), static_cast<unsigned long long>(round.round),
                 round.rule.c_str(), accepted.size(), f, round.rejected.size(), request.global.c_str());
  return {};
}

}  // namespace tinymlkit
