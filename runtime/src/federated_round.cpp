#include "tinymlkit/federated_round.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/federated_learner.hpp"
#include "tinymlkit/files.hpp"
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

std::vector<OptionSpec> round_options(RoundSettings& settings) {
  static constexpr std::string_view kRules[] = {"median", "geomedian", "mean-around-median", "trimmed-mean",
                                                "krum", "centered-clip", "mean"};
  using T = OptionType;
  return {
      {"aggregate", '\0', T::kChoice, "median", 0, 0, kRules, "RULE", "how client models are aggregated", &settings.rule},
      {"byzantine", '\0', T::kInteger, "", 0, 1e6, {}, "F", "clients that may be bad (default: fewer than half)", &settings.byzantine},
      {"strict", '\0', T::kFlag, "", 0, 0, {}, "", "fail on the first bad client model instead of excluding it", &settings.strict},
  };
}

Result<RoundResult> aggregate_round(const ModelDescription& model, std::span<const OptionSpec> hyperparameters,
                                    std::span<const RoundInput> clients, const RoundInput* previous_input,
                                    const RoundSettings& settings, LearnerFactory make_learner) {
  // Every learner the factory makes is federated or none is: one shows which.
  if (!model.federated || make_learner(1)->federated() == nullptr) return std::unexpected(not_federated(model).error());
  const AggregationRule rule = parse_aggregation_rule(settings.rule).value_or(AggregationRule::kMedian);
  const size_t n = clients.size();
  const size_t f = settings.byzantine >= 0 ? static_cast<size_t>(settings.byzantine) : default_byzantine(rule, n);
  TMK_TRY(check_aggregation(rule, n, f));
  FederationRound round{0, std::string(aggregation_rule_name(rule)), f, 0, {}, 0};
  // `reason` names the client: a loader's message does; `named` gives the others the name.
  const auto named = [](const std::string& name, const std::string& reason) {
    std::string message = name;
    message += ": ";
    message += reason;
    return message;
  };
  const auto reject = [&](const std::string& name, const std::string& reason) -> Status {
    if (settings.strict) return fail(ExitCode::kBadInput, "client rejected (--strict): " + reason);
    if (!settings.quiet) std::fprintf(stderr, "%s: excluded %s\n", std::string(model.program).c_str(), reason.c_str());
    round.rejected.push_back({name, reason});
    return {};
  };
  const auto load = [&](const RoundInput& input, std::span<const std::string> given) -> Result<LoadedModel> {
    if (!input.bytes) return std::unexpected(input.bytes.error());
    return load_model_bytes(*input.bytes, input.name, model, hyperparameters, given, make_learner);
  };

  // The server's settings first: the server's command line must not be changed by a loader.
  std::vector<std::string> asked;
  for (const OptionSpec& option : hyperparameters) asked.push_back(option_value_text(option));
  std::optional<LoadedModel> previous;
  if (previous_input != nullptr) {  // the previous round's global model
    TMK_ASSIGN_OR_RETURN(LoadedModel loaded, load(*previous_input, settings.given));
    previous = std::move(loaded);
  }
  std::vector<LoadedModel> candidates;
  std::vector<std::string> names;
  for (const RoundInput& client : clients) {
    for (size_t i = 0; i < hyperparameters.size(); ++i) TMK_TRY(set_option(hyperparameters[i], asked[i]));
    auto loaded = load(client, {});
    if (!loaded) {
      TMK_TRY(reject(client.name, loaded.error().message));
      continue;
    }
    std::string reason = loaded->learner->federated()->unfit_client().value_or("");
    if (reason.empty()) reason = differs_from_request(hyperparameters, settings.given, asked, *loaded);
    if (reason.empty() && previous) reason = mismatch(hyperparameters, *loaded, *previous, "the global model with");
    if (!reason.empty()) {
      TMK_TRY(reject(client.name, named(client.name, reason)));
      continue;
    }
    candidates.push_back(std::move(*loaded));
    names.push_back(client.name);
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
    TMK_TRY(reject(names[c], named(names[c], mismatch(hyperparameters, candidates[c], candidates[largest->front()],
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
  std::vector<const Learner*> client_learners;
  client_learners.reserve(accepted.size());
  for (const LoadedModel& client : accepted) client_learners.push_back(client.learner.get());
  // The rejected count among the F: at most F - rejected of those left may still be Byzantine.
  const size_t remaining_byzantine = f - round.rejected.size();
  std::unique_ptr<Learner> global = make_learner(1);
  TMK_ASSIGN_OR_RETURN(round.iterations, global->federated()->aggregate(client_learners, rule, remaining_byzantine,
                                                                         previous ? previous->learner.get() : nullptr));
  round.round = federation.round + 1;
  round.accepted = accepted.size();
  federation.add(round);
  return RoundResult{model_file_bytes(model, model_body(hyperparameters, federation, *global, false)), std::move(round)};
}

Status run_federated_round(const ModelDescription& model, std::span<const OptionSpec> hyperparameters,
                           std::span<const std::string> clients, const std::string& global,
                           const RoundSettings& settings, LearnerFactory make_learner) {
  std::vector<RoundInput> inputs;
  for (const std::string& path : clients) inputs.push_back({path, read_whole_file(path)});
  std::optional<RoundInput> previous;
  if (file_exists(global)) previous.emplace(RoundInput{global, read_whole_file(global)});
  TMK_ASSIGN_OR_RETURN(RoundResult result, aggregate_round(model, hyperparameters, inputs,
                                                           previous ? &*previous : nullptr, settings, make_learner));
  TMK_TRY(write_file_atomically(global, result.global_file));
  if (!settings.quiet)
    std::fprintf(stderr, "%s: round %llu: %s of %zu clients (F = %zu, %zu excluded) -> %s\n",
                 std::string(model.program).c_str(), static_cast<unsigned long long>(result.round.round),
                 result.round.rule.c_str(), static_cast<size_t>(result.round.accepted),
                 static_cast<size_t>(result.round.byzantine), result.round.rejected.size(), global.c_str());
  return {};
}

}  // namespace tinymlkit
