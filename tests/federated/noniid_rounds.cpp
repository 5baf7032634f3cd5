// Federated rounds of tinymlkit-nm (logistic loss) over non-iid clients with omniscient
// attackers, every rule side by side.
//
// The honest clients hold the training rows split by one feature (sorted by it, one slice each),
// so they see different parts of the input space and different class balances, and their models
// disagree. The attackers see the honest clients' models each round and send "a little is
// enough" (Baruch et al. 2019: the mean minus z standard deviations, coordinate by coordinate, z
// as large as still wins support) or inner-product manipulation (Xie et al. 2019: minus epsilon
// times the mean). A vector an attacker chooses cannot be produced by training, so an attacker
// is an honest client's model moved onto it (NmLearner::restart_at). The rounds are
// tinymlkit-nm's without the files: honest clients continue from the last global model and learn
// their next rows; the global model is NmLearner::aggregate of all clients, given the last one
// (where centered clipping starts). Prints the held-out accuracy of the final global model per
// attack, F and rule as a Markdown table, then one JSON summary line; --check fails unless what
// the README claims still holds.
//
//   tinymlkit-noniid-rounds [--data FILE] [--split-feature 0] [--clients 15] [--rounds 3]
//                           [--rows 1000] [--attackers 0,3,5,7] [--rules median,krum,...] [--check]
//
// Without --data the rows are generated as the shared linear_logit.txt is: P(y = 1) =
// sigmoid(w.x + 0.5), x ~ N(0, I), 10 features. The last 5,000 rows are held out.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attacks.hpp"
#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/data_reader.hpp"
#include "tinymlkit/defaults/nm.hpp"
#include "tinymlkit/nm_learner.hpp"
#include "tinymlkit/options.hpp"

namespace {

using tinymlkit::AggregationRule;
using Vectors = std::vector<std::vector<double>>;

constexpr size_t kTestRows = 5000;
constexpr double kIpmEpsilon = 0.5;
constexpr uint32_t kGeneratedFeatures = 10;

struct Row {
  std::string label;
  std::vector<tinymlkit::Feature> features;
};

std::vector<Row> generated(size_t rows) {
  std::mt19937_64 random(12);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<double> weights(kGeneratedFeatures);
  for (double& w : weights) w = normal(random);
  std::vector<Row> out(rows);
  for (Row& row : out) {
    double margin = 0.5;
    for (uint32_t k = 0; k < kGeneratedFeatures; ++k) {
      row.features.push_back({k, 0, normal(random)});
      margin += weights[k] * row.features.back().value;
    }
    row.label = uniform(random) < 1 / (1 + std::exp(-margin)) ? "1" : "0";
  }
  return out;
}

tinymlkit::Result<std::vector<Row>> read_rows(const std::string& path) {
  TMK_ASSIGN_OR_RETURN(tinymlkit::DataReader reader, tinymlkit::DataReader::open(path));
  std::vector<Row> rows;
  tinymlkit::Example example;
  for (;;) {
    TMK_ASSIGN_OR_RETURN(bool more, reader.next(example));
    if (!more) return rows;
    if (example.labeled()) rows.push_back({std::string(example.label), example.features});
  }
}

double value_of(const Row& row, uint32_t index) {
  for (const tinymlkit::Feature& f : row.features)
    if (f.index == index) return f.value;
  return 0.0;
}

tinymlkit::Example example_of(const Row& row) {
  tinymlkit::Example example;
  example.label = row.label;
  example.features = row.features;
  return example;
}

double accuracy(tinymlkit::NmLearner& model, std::span<const Row> rows) {
  size_t right = 0;
  tinymlkit::Prediction prediction;
  for (const Row& row : rows) {
    model.predict(example_of(row), prediction);
    right += model.class_count() > 0 && model.class_name(prediction.class_index) == row.label;
  }
  return static_cast<double>(right) / static_cast<double>(rows.size());
}

enum class Attack { kNone, kLittleIsEnough, kInnerProduct };

const char* attack_name(Attack attack) {
  switch (attack) {
    case Attack::kNone: return "none";
    case Attack::kLittleIsEnough: return "alie";
    case Attack::kInnerProduct: return "ipm";
  }
  return "none";
}

std::vector<double> attack_vector(Attack attack, const Vectors& honest, size_t n, size_t f) {
  return attack == Attack::kInnerProduct ? tinymlkit::attacks::inner_product_manipulation(honest, kIpmEpsilon)
                                         : tinymlkit::attacks::little_is_enough(honest, n, f);
}

struct Settings {
  std::string data;
  int64_t split_feature = 0, clients = 15, rounds = 3, rows = 1000;
  std::vector<uint32_t> attackers;
  std::string rules;
  bool check = false;
};

// The rules named in a comma-separated list.
std::optional<std::vector<AggregationRule>> parse_rules(std::string_view list) {
  std::vector<AggregationRule> rules;
  while (!list.empty()) {
    const size_t comma = std::min(list.find(','), list.size());
    const auto rule = tinymlkit::parse_aggregation_rule(list.substr(0, comma));
    if (!rule) return std::nullopt;
    rules.push_back(*rule);
    list.remove_prefix(std::min(comma + 1, list.size()));
  }
  return rules;
}

struct Federation {
  const Settings& settings;
  const tinymlkit::NmConfig& config;
  std::span<const Row> train;  // honest client c's rows: its slice, rounds * rows long
  std::span<const Row> test;

  // Held-out accuracy of the global model after the rounds; NAN where the rule refuses F.
  double run(AggregationRule rule, size_t f, Attack attack) const {
    const size_t n = static_cast<size_t>(settings.clients), honest_count = n - f;
    if (tinymlkit::check_aggregation(rule, n, f).has_value() == false) return NAN;
    const size_t per_client = train.size() / honest_count, rows = per_client / static_cast<size_t>(settings.rounds);
    std::optional<tinymlkit::NmLearner> global;
    for (int64_t round = 0; round < settings.rounds; ++round) {
      std::vector<tinymlkit::NmLearner> clients;
      Vectors honest;
      for (size_t c = 0; c < honest_count; ++c) {
        clients.push_back(global ? *global : tinymlkit::NmLearner(config, c + 1));
        const size_t first = c * per_client + static_cast<size_t>(round) * rows;
        for (const Row& row : train.subspan(first, rows)) {
          const tinymlkit::Example example = example_of(row);
          if (auto target = clients.back().target_of(row.label)) clients.back().learn(example, *target);
        }
        honest.push_back(clients.back().raw_weights());
      }
      if (attack != Attack::kNone) {
        const std::vector<double> bad = attack_vector(attack, honest, n, f);
        const std::vector<double> steps(bad.size(), config.initial_step);
        for (size_t i = 0; i < f; ++i) {
          clients.push_back(clients.front());
          clients.back().restart_at(bad, steps);
        }
      }
      std::vector<const tinymlkit::Learner*> all;
      for (const tinymlkit::NmLearner& client : clients) all.push_back(&client);
      tinymlkit::NmLearner next(config, 1);
      if (auto aggregated = next.aggregate(all, rule, f, global ? &*global : nullptr); !aggregated) {
        std::fprintf(stderr, "noniid_rounds: %s refused: %s\n",
                     std::string(tinymlkit::aggregation_rule_name(rule)).c_str(), aggregated.error().message.c_str());
        std::exit(1);
      }
      global = std::move(next);
    }
    return accuracy(*global, test);
  }
};

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  using tinymlkit::OptionType;
  const tinymlkit::OptionSpec options[] = {
      {"data", '\0', OptionType::kText, "", 0, 0, {}, "FILE", "binary-labelled rows (default: generated)", &settings.data},
      {"split-feature", '\0', OptionType::kInteger, "0", 0, 1e6, {}, "N", "the feature clients are split by",
       &settings.split_feature},
      {"clients", '\0', OptionType::kInteger, "15", 3, 1000, {}, "N", "clients in each round, attackers included",
       &settings.clients},
      {"rounds", '\0', OptionType::kInteger, "3", 1, 1000, {}, "N", "federated rounds", &settings.rounds},
      {"rows", '\0', OptionType::kInteger, "1000", 10, 1e7, {}, "N", "rows each honest client learns a round",
       &settings.rows},
      {"attackers", '\0', OptionType::kIndexList, "0,3,5,7", 0, 0, {}, "LIST", "numbers of attackers F to run",
       &settings.attackers},
      {"rules", '\0', OptionType::kText, "mean,median,geomedian,mean-around-median,trimmed-mean,krum,centered-clip", 0,
       0, {}, "LIST", "the rules to compare", &settings.rules},
      {"check", '\0', OptionType::kFlag, "", 0, 0, {}, "", "fail unless the README's claims hold", &settings.check},
  };
  if (auto parsed = tinymlkit::parse_command_line(options, argc, argv); !parsed) {
    std::fprintf(stderr, "noniid_rounds: %s\n", parsed.error().message.c_str());
    return 2;
  }
  const auto rules_given = parse_rules(settings.rules);
  if (!rules_given || rules_given->empty()) {
    std::fprintf(stderr, "noniid_rounds: --rules: not a list of aggregation rules: %s\n", settings.rules.c_str());
    return 2;
  }
  const std::vector<AggregationRule>& rules_run = *rules_given;
  const size_t n = static_cast<size_t>(settings.clients);
  const size_t needed = n * static_cast<size_t>(settings.rounds * settings.rows) + kTestRows;
  std::vector<Row> rows;
  if (settings.data.empty()) {
    rows = generated(needed);
  } else {
    auto read = read_rows(settings.data);
    if (!read) {
      std::fprintf(stderr, "noniid_rounds: %s\n", read.error().message.c_str());
      return read.error().code == tinymlkit::ExitCode::kUsage ? 2 : 1;
    }
    rows = std::move(*read);
  }
  if (rows.size() < kTestRows + n * 10) {
    std::fprintf(stderr, "noniid_rounds: %zu rows are too few\n", rows.size());
    return 1;
  }
  const std::span<const Row> test(rows.end() - kTestRows, rows.end());
  tinymlkit::NmConfig config;
  tinymlkit::set_defaults(config);
  config.loss = tinymlkit::NmConfig::Loss::kLogistic;

  std::printf("%zu clients, %lld rounds, data split by feature %lld; held-out accuracy of the global model\n\n", n,
              static_cast<long long>(settings.rounds), static_cast<long long>(settings.split_feature));
  std::printf("| attack | F |");
  for (AggregationRule rule : rules_run) std::printf(" %s |", std::string(tinymlkit::aggregation_rule_name(rule)).c_str());
  std::printf("\n|---|---|");
  for (size_t r = 0; r < rules_run.size(); ++r) std::printf("---|");
  std::printf("\n");
  std::vector<std::string> failures;
  std::string summary;
  std::vector<double> all_honest(rules_run.size(), NAN);
  for (uint32_t f : settings.attackers) {
    if (2 * static_cast<size_t>(f) >= n) continue;  // no rule tolerates half
    // The honest clients share the training rows, sorted by the split feature, one slice each.
    const size_t honest_count = n - f;
    const size_t per_client = std::min(static_cast<size_t>(settings.rounds * settings.rows),
                                       (rows.size() - kTestRows) / honest_count);
    std::vector<Row> train(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(per_client * honest_count));
    const auto split = static_cast<uint32_t>(settings.split_feature);
    std::stable_sort(train.begin(), train.end(),
                     [split](const Row& a, const Row& b) { return value_of(a, split) < value_of(b, split); });
    const Federation federation{settings, config, train, test};
    for (Attack attack : {Attack::kNone, Attack::kLittleIsEnough, Attack::kInnerProduct}) {
      if ((attack == Attack::kNone) != (f == 0)) continue;
      std::printf("| %s | %u |", attack_name(attack), f);
      for (size_t r = 0; r < rules_run.size(); ++r) {
        const AggregationRule rule = rules_run[r];
        const std::string name(tinymlkit::aggregation_rule_name(rule));
        const double result = federation.run(rule, f, attack);
        std::printf(std::isnan(result) ? " refuses |" : " %.3f |", result);
        std::fflush(stdout);
        if (std::isnan(result)) continue;
        summary += "\"" + std::string(attack_name(attack)) + "/" + std::to_string(f) + "/" + name +
                   "\":" + std::to_string(result) + ",";
        if (f == 0) all_honest[r] = result;
        // The README's claim: the coordinate median and centered clipping stay within 3 points
        // of their all-honest accuracy up to F = n/5 under both attacks.
        const bool claimed = rule == AggregationRule::kMedian || rule == AggregationRule::kCenteredClip;
        if (claimed && f > 0 && 5 * f <= n && result < all_honest[r] - 0.03)
          failures.push_back(name + " under " + attack_name(attack) + " with F = " + std::to_string(f) + ": " +
                             std::to_string(result) + ", all honest " + std::to_string(all_honest[r]));
      }
      std::printf("\n");
    }
  }
  if (!summary.empty()) summary.pop_back();
  std::printf("\nsummary: {\"accuracy\":{%s},\"failures\":%zu}\n", summary.c_str(), failures.size());
  if (!settings.check) return 0;
  for (const std::string& failure : failures) std::fprintf(stderr, "FAILED %s\n", failure.c_str());
  return failures.empty() ? 0 : 1;
}
