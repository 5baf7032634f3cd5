// libFuzzer target: command lines (arguments separated by newlines) against a table with every
// kind of option. Parsing must succeed or fail with a usage error, never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "tinymlkit/options.hpp"

namespace {

constexpr std::string_view kChoices[] = {"squared", "hinge", "info-gain"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args{"fuzz"};
  std::string current;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  args.push_back(current);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());

  std::string text, choice;
  int64_t integer = 0;
  double real = 0;
  bool flag = false, boolean = false;
  std::vector<std::string> list;
  std::vector<uint32_t> indexes;
  using tinymlkit::OptionType;
  const tinymlkit::OptionSpec table[] = {
      {"data", 'd', OptionType::kText, "", 0, 0, {}, "FILE", "", &text},
      {"loss", '\0', OptionType::kChoice, "squared", 0, 0, kChoices, "NAME", "", &choice},
      {"window", 'w', OptionType::kInteger, "500", 10, 1000000, {}, "N", "", &integer},
      {"rate", '\0', OptionType::kReal, "0.5", 0, 1, {}, "X", "", &real},
      {"quiet", '\0', OptionType::kFlag, "", 0, 0, {}, "", "", &flag},
      {"standardize", '\0', OptionType::kBool, "true", 0, 0, {}, "", "", &boolean},
      {"client-model", 'm', OptionType::kTextList, "", 0, 0, {}, "FILE", "", &list},
      {"nominal", '\0', OptionType::kIndexList, "", 0, 0, {}, "LIST", "", &indexes},
  };
  auto given = tinymlkit::parse_command_line(table, static_cast<int>(argv.size()), argv.data());
  if (!given && given.error().code != tinymlkit::ExitCode::kUsage) std::abort();
  if (given && (integer < 10 || integer > 1000000 || !(real >= 0 && real <= 1))) std::abort();  // ranges held
  return 0;
}
