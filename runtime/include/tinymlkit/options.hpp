// Command-line options from a plain table: each entry names a flag, its type, default, range or
// choices, help, and the variable it sets. Model hyperparameters come from a table generated from
// the model's spec; the options every program shares come from the runtime. Parsing never throws:
// unknown flags, missing values and values out of range are errors that name the flag.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/feature_count.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

enum class OptionType : uint8_t {
  kFlag,      // no value: --quiet
  kBool,      // --name or --no-name
  kInteger,
  kReal,
  kText,      // any string, e.g. a path
  kChoice,    // one of `choices`
  kTextList,   // repeatable: -m a.tmk -m b.tmk
  kIndexList,  // feature indexes: 0,3,7
  kLabelList,  // distinct label tokens, in the order given: spam,ham
  kFeatureCount,  // sqrt, log2, a count N >= 1, or a fraction in (0, 1)
};

// A kChoice option's enum field (a generated config's): set and read by the choice's position,
// the enum's values being the spec's choices in order.
struct ChoiceTarget {
  void* field;
  void (*store)(void* field, size_t position);
  size_t (*load)(const void* field);

  template <typename Enum>
  static ChoiceTarget of(Enum& field) {
    return {&field, [](void* f, size_t position) { *static_cast<Enum*>(f) = static_cast<Enum>(position); },
            [](const void* f) { return static_cast<size_t>(*static_cast<const Enum*>(f)); }};
  }
};

// kChoice: a ChoiceTarget, or a std::string* for choices known only at run time (--preset).
using OptionTarget = std::variant<bool*, int64_t*, double*, std::string*, std::vector<std::string>*,
                                  std::vector<uint32_t>*, ChoiceTarget, FeatureCount*>;  // kTextList and kLabelList: std::vector<std::string>*

struct OptionSpec {
  std::string_view name;  // the long form without dashes
  char short_name;        // '\0' if none
  OptionType type;
  std::string_view default_value;  // as it would be typed; empty for none
  double min;                      // range of kInteger and kReal values
  double max;
  std::span<const std::string_view> choices;
  std::string_view value_name;  // shown in --help: FILE, N, X
  std::string_view help;
  OptionTarget target;
};

// A named set of hyperparameter values from the spec (--preset NAME): each applies unless its
// option is given on the command line too.
struct PresetValue {
  std::string_view option;
  std::string_view value;  // as it would be typed
};
struct Preset {
  std::string_view name;
  std::string_view help;
  std::span<const PresetValue> values;
};

// A relation between two numeric hyperparameters from the spec's constraints (liblinear's
// check_parameter, generated): every run and every loaded model must meet it.
enum class Relation : uint8_t { kAtMost, kLessThan };
struct Constraint {
  std::string_view left;
  Relation relation;
  std::string_view right;
  std::string_view why;
};

// The first constraint the options' current values break, as an error with `code`.
Status check_constraints(std::span<const OptionSpec> options, std::span<const Constraint> constraints, ExitCode code);

// Sets each of the preset's values whose option is not among `given`.
Status apply_preset(std::span<const OptionSpec> options, const Preset& preset, std::span<const std::string> given);

// Sets every target to its default, then applies argv. Returns the names of the options given.
Result<std::vector<std::string>> parse_command_line(std::span<const OptionSpec> options, int argc,
                                                    char** argv);

// Sets one option from its text form, checking type and range.
Status set_option(const OptionSpec& option, std::string_view text);

// The current value of an option as it would be typed.
std::string option_value_text(const OptionSpec& option);

// The help lines of a table, one option a paragraph.
std::string format_options_help(std::span<const OptionSpec> options);

// Hyperparameters in a model file: name, type and value of each option (numbers, booleans and
// choices), so a model carries everything needed to continue exactly as it was trained.
void write_option_values(ByteWriter& out, std::span<const OptionSpec> options);
// Restores stored values. An option also given on the command line must agree with the model.
Status read_option_values(ByteReader& in, std::span<const OptionSpec> options,
                          std::span<const std::string> given, std::string_view model_path);

}  // namespace tinymlkit
