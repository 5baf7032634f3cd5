#include "tinymlkit/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/number_format.hpp"

namespace tinymlkit {
namespace {

constexpr size_t kHelpColumn = 30;
constexpr size_t kHelpWidth = 100;

std::string flag_name(const OptionSpec& option) { return "--" + std::string(option.name); }

std::unexpected<Error> usage_error(std::string message) {
  return fail(ExitCode::kUsage, std::move(message));
}

bool takes_value(const OptionSpec& option) {
  return option.type != OptionType::kFlag && option.type != OptionType::kBool;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::unexpected<Error> unknown_option(std::span<const OptionSpec> options, std::string_view arg) {
  std::string message = "unknown option '" + std::string(arg) + "'";
  const size_t start = arg.find_first_not_of('-');
  const std::string_view name = start == std::string_view::npos ? std::string_view() : arg.substr(start);
  for (const OptionSpec& option : options) {
    if (edit_distance(name, option.name) <= 2) {
      message += "; did you mean " + flag_name(option) + "?";
      break;
    }
  }
  return usage_error(message + " (see --help)");
}

std::string range_text(const OptionSpec& option) {
  return format_rounded(option.min, 15) + " to " + format_rounded(option.max, 15);
}

Status check_range(const OptionSpec& option, double value, std::string_view text) {
  if (value < option.min || value > option.max)
    return usage_error(flag_name(option) + ": " + std::string(text) + " is outside " +
                       range_text(option));
  return {};
}

std::string choices_text(const OptionSpec& option) {
  std::string text;
  for (std::string_view choice : option.choices) text += (text.empty() ? "" : ", ") + std::string(choice);
  return text;
}

const OptionSpec* find_option(std::span<const OptionSpec> options, std::string_view name) {
  for (const OptionSpec& option : options)
    if (option.name == name) return &option;
  return nullptr;
}

// "3,0,7" as the sorted, distinct indexes {0, 3, 7}; "" as none.
Status set_index_list(const OptionSpec& option, std::string_view text) {
  std::vector<uint32_t> indexes;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    uint32_t index = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), index);
    if (item.empty() || error != std::errc() || end != item.data() + item.size())
      return usage_error(flag_name(option) + ": expected feature indexes separated by commas, got '" +
                         std::string(item) + "'");
    indexes.push_back(index);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  *std::get<std::vector<uint32_t>*>(option.target) = std::move(indexes);
  return {};
}

// "spam,ham" as {"spam", "ham"}; "" as none. A label is a token: no blanks, no '|'.
Status set_label_list(const OptionSpec& option, std::string_view text) {
  std::vector<std::string> labels;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view label = text.substr(0, comma);
    if (label.empty() || label.find_first_of(" \t\r\n|") != std::string_view::npos)
      return usage_error(flag_name(option) + ": expected labels separated by commas, got '" + std::string(label) + "'");
    if (auto problem = class_label_problem(label))
      return usage_error(flag_name(option) + ": " + *problem);
    if (std::find(labels.begin(), labels.end(), label) != labels.end())
      return usage_error(flag_name(option) + ": label '" + std::string(label) + "' is named twice");
    labels.emplace_back(label);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  *std::get<std::vector<std::string>*>(option.target) = std::move(labels);
  return {};
}

// sqrt, log2, a whole number within the option's range, or a fraction strictly between 0 and 1.
Status set_feature_count(const OptionSpec& option, std::string_view text) {
  FeatureCount& count = *std::get<FeatureCount*>(option.target);
  if (text == "sqrt" || text == "log2") {
    count = {text == "sqrt" ? FeatureCount::Kind::kSqrt : FeatureCount::Kind::kLog2, 0};
    return {};
  }
  double value = 0;
  if (!parse_finite_number(text, value) || !(value > 0))
    return usage_error(flag_name(option) + ": expected sqrt, log2, a count or a fraction in (0, 1), got '" +
                       std::string(text) + "'");
  if (value < 1) {
    count = {FeatureCount::Kind::kFraction, value};
    return {};
  }
  if (value != std::floor(value))
    return usage_error(flag_name(option) + ": " + std::string(text) + " is neither a whole count nor a fraction below 1");
  TMK_TRY(check_range(option, value, text));
  count = {FeatureCount::Kind::kCount, value};
  return {};
}

// "Last one wins" would silently drop a value the user typed: only lists may repeat (-m a -m b).
Status not_given_before(const OptionSpec& option, std::span<const std::string> given) {
  if (option.type == OptionType::kTextList) return {};
  if (std::find(given.begin(), given.end(), option.name) == given.end()) return {};
  return usage_error(flag_name(option) + " is given twice");
}

}  // namespace

Status set_option(const OptionSpec& option, std::string_view text) {
  const std::string flag = flag_name(option);
  switch (option.type) {
    case OptionType::kFlag:
      *std::get<bool*>(option.target) = true;
      return {};
    case OptionType::kBool:
      if (text != "true" && text != "false")
        return usage_error(flag + ": expected true or false, got '" + std::string(text) + "'");
      *std::get<bool*>(option.target) = text == "true";
      return {};
    case OptionType::kInteger: {
      int64_t value = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size())
        return usage_error(flag + ": expected an integer, got '" + std::string(text) + "'");
      TMK_TRY(check_range(option, static_cast<double>(value), text));
      *std::get<int64_t*>(option.target) = value;
      return {};
    }
    case OptionType::kReal: {
      double value = 0;
      if (!parse_finite_number(text, value))
        return usage_error(flag + ": expected a number, got '" + std::string(text) + "'");
      TMK_TRY(check_range(option, value, text));
      *std::get<double*>(option.target) = value;
      return {};
    }
    case OptionType::kChoice: {
      const auto chosen = std::find(option.choices.begin(), option.choices.end(), text);
      if (chosen == option.choices.end())
        return usage_error(flag + ": '" + std::string(text) + "' is not one of " + choices_text(option));
      if (const auto* choice = std::get_if<ChoiceTarget>(&option.target))
        choice->store(choice->field, static_cast<size_t>(chosen - option.choices.begin()));
      else
        *std::get<std::string*>(option.target) = std::string(text);
      return {};
    }
    case OptionType::kText:
      if (text.empty()) return usage_error(flag + ": expected a value, got an empty string");
      *std::get<std::string*>(option.target) = std::string(text);
      return {};
    case OptionType::kTextList:
      if (text.empty()) return usage_error(flag + ": expected a value, got an empty string");
      std::get<std::vector<std::string>*>(option.target)->emplace_back(text);
      return {};
    case OptionType::kIndexList:
      return set_index_list(option, text);
    case OptionType::kLabelList:
      return set_label_list(option, text);
    case OptionType::kFeatureCount:
      return set_feature_count(option, text);
  }
  return {};
}

std::string option_value_text(const OptionSpec& option) {
  switch (option.type) {
    case OptionType::kFlag:
    case OptionType::kBool:
      return *std::get<bool*>(option.target) ? "true" : "false";
    case OptionType::kInteger:
      return std::to_string(*std::get<int64_t*>(option.target));
    case OptionType::kReal:
      return format_number(*std::get<double*>(option.target));
    case OptionType::kChoice:
      if (const auto* choice = std::get_if<ChoiceTarget>(&option.target))
        return std::string(option.choices[choice->load(choice->field)]);
      return *std::get<std::string*>(option.target);
    case OptionType::kText:
      return *std::get<std::string*>(option.target);
    case OptionType::kTextList:
    case OptionType::kLabelList: {
      std::string text;
      for (const std::string& item : *std::get<std::vector<std::string>*>(option.target))
        text += (text.empty() ? "" : ",") + item;
      return text;
    }
    case OptionType::kFeatureCount: {
      const FeatureCount& count = *std::get<FeatureCount*>(option.target);
      switch (count.kind) {
        case FeatureCount::Kind::kSqrt: return "sqrt";
        case FeatureCount::Kind::kLog2: return "log2";
        case FeatureCount::Kind::kCount:
        case FeatureCount::Kind::kFraction: return format_number(count.value);
      }
      return {};
    }
    case OptionType::kIndexList: {
      std::string text;
      for (uint32_t index : *std::get<std::vector<uint32_t>*>(option.target))
        text += (text.empty() ? "" : ",") + std::to_string(index);
      return text;
    }
  }
  return {};
}

Result<std::vector<std::string>> parse_command_line(std::span<const OptionSpec> options, int argc,
                                                    char** argv) {
  for (const OptionSpec& option : options) {
    if (option.type == OptionType::kFlag) {
      *std::get<bool*>(option.target) = false;
    } else if (option.type == OptionType::kTextList) {
      std::get<std::vector<std::string>*>(option.target)->clear();
    } else if (option.type == OptionType::kIndexList || option.type == OptionType::kLabelList) {
      TMK_TRY(set_option(option, option.default_value));
    } else if (!option.default_value.empty()) {
      TMK_TRY(set_option(option, option.default_value));
    }
  }

  std::vector<std::string> given;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const OptionSpec* option = nullptr;
    std::string_view inline_value;
    bool has_inline_value = false;
    if (arg.starts_with("--") && arg.size() > 2) {
      std::string_view name = arg.substr(2);
      if (const size_t equals = name.find('='); equals != std::string_view::npos) {
        inline_value = name.substr(equals + 1);
        has_inline_value = true;
        name = name.substr(0, equals);
      }
      option = find_option(options, name);
      if (option == nullptr && name.starts_with("no-") && !has_inline_value) {
        const OptionSpec* negated = find_option(options, name.substr(3));
        if (negated != nullptr && negated->type == OptionType::kBool) {
          TMK_TRY(not_given_before(*negated, given));
          TMK_TRY(set_option(*negated, "false"));
          given.emplace_back(negated->name);
          continue;
        }
      }
    } else if (arg.size() >= 2 && arg[0] == '-' && arg[1] != '-') {
      for (const OptionSpec& candidate : options)
        if (candidate.short_name == arg[1]) option = &candidate;
      if (option != nullptr && arg.size() > 2) {
        inline_value = arg.substr(2);
        has_inline_value = true;
      }
    } else {
      return usage_error("unexpected argument '" + std::string(arg) +
                         "' (data is given with -d FILE; see --help)");
    }
    if (option == nullptr) return unknown_option(options, arg);
    TMK_TRY(not_given_before(*option, given));

    if (!takes_value(*option)) {
      if (has_inline_value)
        return usage_error(flag_name(*option) + " takes no value, got '" + std::string(inline_value) + "'");
      TMK_TRY(set_option(*option, "true"));
    } else if (has_inline_value) {
      TMK_TRY(set_option(*option, inline_value));
    } else if (i + 1 < argc) {
      TMK_TRY(set_option(*option, argv[++i]));
    } else {
      return usage_error(flag_name(*option) + " needs a value (" + std::string(option->value_name) + ")");
    }
    given.emplace_back(option->name);
  }
  return given;
}

std::string format_options_help(std::span<const OptionSpec> options) {
  std::string text;
  for (const OptionSpec& option : options) {
    std::string left = "  ";
    left += option.short_name != '\0' ? std::string("-") + option.short_name + ", " : "    ";
    left += option.type == OptionType::kBool ? "--[no-]" + std::string(option.name) : flag_name(option);
    if (takes_value(option)) left += " " + std::string(option.value_name);
    std::string right(option.help);
    if (option.type == OptionType::kChoice) right += " {" + choices_text(option) + "}";
    if ((option.type == OptionType::kInteger || option.type == OptionType::kReal))
      right += " [" + range_text(option) + "]";
    if (!option.default_value.empty()) right += " (default " + std::string(option.default_value) + ")";
    text += left;
    text += left.size() < kHelpColumn ? std::string(kHelpColumn - left.size(), ' ')
                                      : "\n" + std::string(kHelpColumn, ' ');
    // Wrap the explanation at kHelpWidth, continuing under its first line.
    size_t used = kHelpColumn;
    size_t start = 0;
    while (start < right.size()) {
      size_t end = right.find(' ', start);
      if (end == std::string::npos) end = right.size();
      const size_t word = end - start;
      if (used > kHelpColumn && used + 1 + word > kHelpWidth) {
        text += "\n" + std::string(kHelpColumn, ' ');
        used = kHelpColumn;
      } else if (used > kHelpColumn) {
        text += ' ';
        ++used;
      }
      text.append(right, start, word);
      used += word;
      start = end + 1;
    }
    text += "\n";
  }
  return text;
}

Status check_constraints(std::span<const OptionSpec> options, std::span<const Constraint> constraints, ExitCode code) {
  const auto value = [&](std::string_view name) {
    const OptionSpec* option = find_option(options, name);
    if (option == nullptr) return std::numeric_limits<double>::quiet_NaN();
    return option->type == OptionType::kInteger ? static_cast<double>(*std::get<int64_t*>(option->target))
                                                : *std::get<double*>(option->target);
  };
  for (const Constraint& c : constraints) {
    const double left = value(c.left), right = value(c.right);
    const bool met = c.relation == Relation::kAtMost ? left <= right : left < right;
    if (met) continue;
    return fail(code, "--" + std::string(c.left) + " " + option_value_text(*find_option(options, c.left)) +
                          (c.relation == Relation::kAtMost ? " must be at most --" : " must be below --") +
                          std::string(c.right) + " " + option_value_text(*find_option(options, c.right)) + ": " +
                          std::string(c.why));
  }
  return {};
}

Status apply_preset(std::span<const OptionSpec> options, const Preset& preset, std::span<const std::string> given) {
  for (const PresetValue& value : preset.values) {
    if (std::find(given.begin(), given.end(), value.option) != given.end()) continue;
    const OptionSpec* option = find_option(options, value.option);
    if (option == nullptr) return usage_error("--preset " + std::string(preset.name) + " sets an unknown option");
    TMK_TRY(set_option(*option, value.value));
  }
  return {};
}

void write_option_values(ByteWriter& out, std::span<const OptionSpec> options) {
  out.u32(static_cast<uint32_t>(options.size()));
  for (const OptionSpec& option : options) {
    out.str(option.name);
    out.u8(static_cast<uint8_t>(option.type));
    out.str(option_value_text(option));
  }
}

Status read_option_values(ByteReader& in, std::span<const OptionSpec> options,
                          std::span<const std::string> given, std::string_view model_path) {
  TMK_ASSIGN_OR_RETURN(uint32_t count, in.u32());
  for (uint32_t i = 0; i < count; ++i) {
    TMK_ASSIGN_OR_RETURN(std::string name, in.str());
    TMK_ASSIGN_OR_RETURN(uint8_t type, in.u8());
    TMK_ASSIGN_OR_RETURN(std::string stored, in.str());
    const OptionSpec* option = find_option(options, name);
    if (option == nullptr || static_cast<uint8_t>(option->type) != type)
      return fail(ExitCode::kBadInput, std::string(model_path) + " has a hyperparameter '" + name +
                                           "' this program does not know");
    if (std::find(given.begin(), given.end(), name) != given.end()) {
      const std::string requested = option_value_text(*option);
      if (requested != stored) {
        std::string message = "--" + name;
        message += " " + requested + " differs from ";
        message += model_path;
        message += ", which was trained with --" + name;
        message += " " + stored + "; a model keeps its hyperparameters";
        return usage_error(std::move(message));
      }
    }
    if (auto set = set_option(*option, stored); !set)
      return fail(ExitCode::kBadInput, std::string(model_path) + ": stored value of --" + name +
                                           " is invalid: " + set.error().message);
  }
  return {};
}

}  // namespace tinymlkit
