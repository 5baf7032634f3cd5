#include "tinymlkit/options.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using tinymlkit::OptionSpec;
using tinymlkit::OptionType;

namespace {

// A choice is an enum in the choices' order, as in a generated config.
enum class Loss : uint8_t { kSquared, kHinge };

struct Values {
  std::string data;
  Loss loss = Loss::kHinge;
  int64_t window = 0;
  double rate = 0;
  bool quiet = false, standardize = false;
  std::vector<std::string> models;
};

constexpr std::string_view kLosses[] = {"squared", "hinge"};

std::vector<OptionSpec> table(Values& v) {
  return {
      {"data", 'd', OptionType::kText, "", 0, 0, {}, "FILE", "data", &v.data},
      {"loss", '\0', OptionType::kChoice, "squared", 0, 0, kLosses, "NAME", "loss", tinymlkit::ChoiceTarget::of(v.loss)},
      {"window", 'w', OptionType::kInteger, "500", 10, 1000, {}, "N", "window", &v.window},
      {"rate", '\0', OptionType::kReal, "0.5", 0, 1, {}, "X", "rate", &v.rate},
      {"quiet", '\0', OptionType::kFlag, "", 0, 0, {}, "", "quiet", &v.quiet},
      {"standardize", '\0', OptionType::kBool, "true", 0, 0, {}, "", "standardize", &v.standardize},
      {"model", 'm', OptionType::kTextList, "", 0, 0, {}, "FILE", "models", &v.models},
  };
}

auto parse(Values& v, std::vector<std::string> args) {
  args.insert(args.begin(), "program");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  const auto options = table(v);
  return tinymlkit::parse_command_line(options, static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("options take defaults, long and short forms, = values and negations") {
  Values v;
  auto given = parse(v, {"-d", "-", "--window=20", "--no-standardize", "-m", "a", "-mb", "--quiet"});
  REQUIRE(given);
  CHECK(v.data == "-");
  CHECK(v.window == 20);
  CHECK(v.rate == 0.5);
  CHECK(v.loss == Loss::kSquared);
  CHECK_FALSE(v.standardize);
  CHECK(v.quiet);
  CHECK(v.models == std::vector<std::string>{"a", "b"});
  CHECK(std::find(given->begin(), given->end(), "standardize") != given->end());
  CHECK(std::find(given->begin(), given->end(), "rate") == given->end());
}

TEST_CASE("option errors name the flag and what was wrong") {
  const auto [args, phrase] = GENERATE(table<std::vector<std::string>, std::string>({
      {{"--widow", "3"}, "unknown option '--widow'; did you mean --window?"},
      {{"--window", "5"}, "--window: 5 is outside 10 to 1000"},
      {{"--window", "1.5"}, "--window: expected an integer, got '1.5'"},
      {{"--rate", "nan"}, "--rate: expected a number, got 'nan'"},
      {{"--loss", "cubic"}, "--loss: 'cubic' is not one of squared, hinge"},
      {{"--quiet=yes"}, "--quiet takes no value"},
      {{"-d"}, "--data needs a value (FILE)"},
      {{"data.txt"}, "unexpected argument 'data.txt'"},
      {{"---"}, "unknown option '---'"},  // found by fuzz_options: only dashes once threw
      {{"--loss", "squared", "--loss", "hinge"}, "--loss is given twice"},
      {{"-d", "a", "--data", "b"}, "--data is given twice"},
      {{"--standardize", "--no-standardize"}, "--standardize is given twice"},
  }));
  Values v;
  auto given = parse(v, args);
  REQUIRE_FALSE(given);
  CHECK(given.error().code == tinymlkit::ExitCode::kUsage);
  CHECK_THAT(given.error().message, Catch::StartsWith(phrase));
}

TEST_CASE("stored option values round-trip and refuse a conflicting command line") {
  Values written;
  REQUIRE(parse(written, {"--window", "30", "--loss", "hinge", "--rate", "0.125"}));
  // Hyperparameters are numbers, booleans and choices: loss, window and rate here.
  const auto hyperparameters = [](const std::vector<OptionSpec>& all) {
    return std::vector<OptionSpec>(all.begin() + 1, all.begin() + 4);
  };
  tinymlkit::ByteWriter out;
  const auto written_table = hyperparameters(table(written));
  tinymlkit::write_option_values(out, written_table);

  Values read;
  REQUIRE(parse(read, {}));
  const auto read_table = hyperparameters(table(read));
  tinymlkit::ByteReader in(out.bytes(), "m.tmk");
  REQUIRE(tinymlkit::read_option_values(in, read_table, std::vector<std::string>{}, "m.tmk"));
  CHECK(read.window == 30);
  CHECK(read.loss == Loss::kHinge);
  CHECK(read.rate == 0.125);

  Values conflicting;
  REQUIRE(parse(conflicting, {"--window", "40"}));
  const auto conflicting_table = hyperparameters(table(conflicting));
  tinymlkit::ByteReader again(out.bytes(), "m.tmk");
  auto status = tinymlkit::read_option_values(again, conflicting_table, std::vector<std::string>{"window"}, "m.tmk");
  REQUIRE_FALSE(status);
  CHECK_THAT(status.error().message, Catch::Contains("--window 40 differs from m.tmk, which was trained with --window 30"));
}

TEST_CASE("help lists every option with its default and range") {
  Values v;
  const auto options = table(v);
  const std::string help = tinymlkit::format_options_help(options);
  CHECK_THAT(help, Catch::Contains("-w, --window N"));
  CHECK_THAT(help, Catch::Contains("[10 to 1000] (default 500)"));
  CHECK_THAT(help, Catch::Contains("--[no-]standardize"));
  CHECK_THAT(help, Catch::Contains("{squared, hinge}"));
}
