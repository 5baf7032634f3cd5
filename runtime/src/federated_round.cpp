#include "tinymlkit/federated_round.hpp"

#include <cstdio>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/model_body.hpp"

namespace tinymlkit {
namespace {

bool file_exists(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  std::fclose(file);
  return true;
}

// The first hyperparameter where two models differ, as a reason.
std::string difference(std::span<const OptionSpec> hyperparameters, const std::vector<std::string>& mine,
                       const std::vector<std::string>& reference) {
  for (size_t i = 0; i < hyperparameters.size(); ++i)
    if (mine[i] != reference[i])
      return "trained with --" + std::string(hyperparameters[i].name) + " " + mine[i] + ", the others with " +
             reference[i];
  return {};
}

}  // namespace

Status run_federated_round(const ModelDescription& model, std::span<const OptionSpec> hyperparameters,
                           const RoundRequest& request, LearnerFactory make_learner) {
  const AggregationRule rule = parse_aggregation_rule(request.rule).value_or(AggregationRule::kMedian);
  const size_t n = request.clients.size();
  const size_t f = request.byzantine >= 0 ? static_cast<size_t>(request.byzantine) : (n - 1) / 2;
  TMK_TRY(check_aggregation(rule, n, f));

  std::vector<LoadedModel> accepted;
  FederationRound round{0, std::string(aggregation_rule_name(rule)), f, 0, {}, 0};
  for (const std::string& path : request.clients) {
    auto loaded = load_model(path, model, hyperparameters, {}, make_learner);
    std::string reason;
    if (!loaded) {
      reason = loaded.error().message;
    } else if (!accepted.empty() && loaded->hyperparameters != accepted[0].hyperparameters) {
      reason = path + ": " + difference(hyperparameters, loaded->hyperparameters, accepted[0].hyperparameters);
    } else if (!accepted.empty()) {
      if (auto why = accepted[0].learner->incompatibility(*loaded->learner)) reason = path + ": " + *why;
    }
    if (reason.empty()) {
      accepted.push_back(std::move(*loaded));
      continue;
    }
    if (request.strict) return fail(ExitCode::kBadInput, "client rejected (--strict): " + reason);
    if (!request.quiet) std::fprintf(stderr, "%s: excluded %s\n", std::string(model.program).c_str(), reason.c_str());
    round.rejected.push_back({path, reason});
  }
  if (round.rejected.size() > f)
    return fail(ExitCode::kBadInput, std::to_string(round.rejected.size()) + " of " + std::to_string(n) +
                                         " client models were rejected, more than F = " + std::to_string(f) +
                                         ": fewer than n - F remain, so nothing was written");
  for (size_t i = 0; i < hyperparameters.size(); ++i)  // the factory reads the clients' settings
    TMK_TRY(set_option(hyperparameters[i], accepted[0].hyperparameters[i]));

  FederationRecord federation;
  if (file_exists(request.global)) {  // the previous round's global model
    TMK_ASSIGN_OR_RETURN(LoadedModel previous, load_model(request.global, model, hyperparameters, {}, make_learner));
    if (previous.hyperparameters != accepted[0].hyperparameters)
      return fail(ExitCode::kBadInput, request.global + ": the previous global model was " +
                                           difference(hyperparameters, previous.hyperparameters,
                                                      accepted[0].hyperparameters));
    federation = std::move(previous.federation);
  }
  std::vector<const Learner*> clients;
  clients.reserve(accepted.size());
  for (const LoadedModel& client : accepted) clients.push_back(client.learner.get());
  // The rejected count among the F: at most F - rejected of those left may still be Byzantine.
  const size_t remaining_byzantine = f - round.rejected.size();
  std::unique_ptr<Learner> global = make_learner(1);
  TMK_ASSIGN_OR_RETURN(round.iterations, global->aggregate(clients, rule, remaining_byzantine));
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
