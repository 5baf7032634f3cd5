#include "tinymlkit/data_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "tinymlkit/newline_search.hpp"
#include "tinymlkit/number_format.hpp"
#include "tinymlkit/plain_features.hpp"

namespace tinymlkit {

void sort_by_index(std::vector<Feature>& features) {
  std::stable_sort(features.begin(), features.end(),
                   [](const Feature& a, const Feature& b) { return a.index < b.index; });
}

namespace {

std::unexpected<LineError> parse_error(size_t offset, std::string what) {
  return std::unexpected(LineError{static_cast<uint32_t>(offset + 1), std::move(what)});
}

// A cursor over one line that knows its column.
struct Cursor {
  std::string_view line;
  size_t pos = 0;

  void skip_blanks() {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
  }
  bool at_end() const { return pos >= line.size(); }
  // The token starting at pos, up to white space or `stop`.
  std::string_view token(char stop) {
    const size_t start = pos;
    while (pos < line.size() && !is_blank(line[pos]) && line[pos] != stop) ++pos;
    return line.substr(start, pos - start);
  }
};

std::expected<void, LineError> parse_feature(Cursor& cursor, Example& example) {
  const size_t start = cursor.pos;
  const std::string_view index_text = cursor.token(':');
  if (index_text.empty()) return parse_error(start, "expected a feature index before ':'");
  if (index_text[0] == '-')
    return parse_error(start, "a feature index must be non-negative, got " + quoted(index_text));
  uint64_t index = 0;
  for (char c : index_text) {
    if (c < '0' || c > '9')
      return parse_error(start, "expected a non-negative integer feature index, got " +
                                    quoted(index_text));
    index = index * 10 + static_cast<uint64_t>(c - '0');
    if (index > UINT32_MAX)
      return parse_error(start, "feature index " + quoted(index_text) + " is not below 2^32");
  }
  double value = 1.0;
  if (!cursor.at_end() && cursor.line[cursor.pos] == ':') {
    const size_t value_start = ++cursor.pos;
    const std::string_view value_text = cursor.token('\0');
    if (value_text.empty()) return parse_error(value_start, "expected a number after ':'");
    if (!parse_finite_number(value_text, value)) {
      return parse_error(value_start, parses_as_number(value_text)
                                          ? "a feature value must be finite, got " + quoted(value_text)
                                          : "expected a number after ':', got " + quoted(value_text));
    }
  }
  example.features.push_back({static_cast<uint32_t>(index), static_cast<uint32_t>(start + 1), value});
  return {};
}

// Indexes are usually written in increasing order; only otherwise are the features sorted.
std::expected<void, LineError> check_unique_indexes(Example& example) {
  auto& features = example.features;
  const auto same_index = [](const Feature& a, const Feature& b) { return a.index == b.index; };
  const auto not_increasing = [](const Feature& a, const Feature& b) { return a.index >= b.index; };
  if (std::adjacent_find(features.begin(), features.end(), not_increasing) == features.end()) return {};
  sort_by_index(features);
  const auto repeated = std::adjacent_find(features.begin(), features.end(), same_index);
  if (repeated == features.end()) return {};
  const uint32_t later_column = std::max(repeated[0].column, repeated[1].column);
  return parse_error(later_column - 1, "feature index " + std::to_string(repeated->index) +
                                           " appears twice in one example");
}

}  // namespace

std::string quoted(std::string_view text) {
  return "'" + std::string(text.substr(0, 40)) + (text.size() > 40 ? "...'" : "'");
}

std::expected<LineKind, LineError> parse_line(std::string_view line, Example& example) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  example.label = {};
  example.weight = 1.0;
  example.features.clear();

  Cursor cursor{line};
  cursor.skip_blanks();
  if (cursor.at_end() || line[cursor.pos] == '#') return LineKind::kBlank;

  if (line[cursor.pos] != '|') {
    example.label_column = static_cast<uint32_t>(cursor.pos + 1);
    example.label = cursor.token('|');
    // A label names a class in model files and prediction lines, which a carriage return would
    // break (the loader refuses it): refused here, so nothing learns a label a model cannot keep.
    if (const size_t cr = example.label.find('\r'); cr != std::string_view::npos)
      return parse_error(example.label_column - 1 + cr, "a label must not contain a carriage return");
    cursor.skip_blanks();
    if (!cursor.at_end() && line[cursor.pos] != '|') {
      const size_t weight_start = cursor.pos;
      const std::string_view weight_text = cursor.token('|');
      if (weight_text.find(':') != std::string_view::npos)
        return parse_error(weight_start, "expected '|' before the features, got " + quoted(weight_text));
      if (!parse_finite_number(weight_text, example.weight) || example.weight < 0 || example.weight > kMaxWeight)
        return parse_error(weight_start, "expected a non-negative importance weight of at most " +
                                             format_rounded(kMaxWeight, 15) + ", got " + quoted(weight_text));
      cursor.skip_blanks();
    }
    if (cursor.at_end()) return parse_error(cursor.pos, "expected '|' before the features");
    if (line[cursor.pos] != '|') {
      const size_t start = cursor.pos;  // before token() moves it: argument order is unspecified
      return parse_error(start, "expected '|' after the label and weight, got " + quoted(cursor.token('|')));
    }
  }
  ++cursor.pos;  // the '|'

  // Features in increasing index order and none zero, as most files write them, need no
  // normalizing: watching for that as they are read spares two passes over them. The plain ones
  // (read_plain_features) are all such.
  int64_t previous_index = -1;
  bool normal = true;
  for (cursor.skip_blanks(); !cursor.at_end(); cursor.skip_blanks()) {
    cursor.pos = read_plain_features(line, cursor.pos, previous_index, example.features);
    if (cursor.at_end()) break;
    if (line[cursor.pos] == '|') return parse_error(cursor.pos, "a second '|' on one line");
    if (auto parsed = parse_feature(cursor, example); !parsed)
      return std::unexpected(parsed.error());
    const Feature& read = example.features.back();
    normal &= static_cast<int64_t>(read.index) > previous_index && read.value != 0.0;
    previous_index = read.index;
  }
  if (normal) return LineKind::kExample;
  if (auto normalized = normalize_features(example); !normalized) return std::unexpected(normalized.error());
  return LineKind::kExample;
}

std::expected<void, LineError> normalize_features(Example& example) {
  if (auto unique = check_unique_indexes(example); !unique) return unique;
  // An explicit zero means what an omitted feature means, so it is stored as one.
  std::erase_if(example.features, [](const Feature& f) { return f.value == 0.0; });
  return {};
}

void DataReader::FileCloser::operator()(FILE* file) const {
  if (file != stdin) std::fclose(file);
}

Result<DataReader> DataReader::open(const std::string& path) {
  if (path == "-") return DataReader("stdin", stdin);
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr)
    return fail(ExitCode::kIoError, "cannot open " + path + ": " + std::strerror(errno));
  return DataReader(path, file);
}

std::string DataReader::where(uint32_t column) const {
  return name_ + ":" + std::to_string(line_number_) + ":" + std::to_string(column);
}

// Reads more input after the unread bytes; false when there was nothing more to read.
Result<bool> DataReader::refill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(std::min(buffer_.size() * 2, kMaxLineBytes));
  const size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_.get());
  if (got == 0 && std::ferror(file_.get()))
    return fail(ExitCode::kIoError, "cannot read " + name_ + ": " + std::strerror(errno));
  end_ += got;
  return got > 0;
}

Result<std::optional<std::string_view>> DataReader::next_line() {
  size_t scanned = begin_;
  for (;;) {
    const char* newline = find_newline(buffer_.data() + scanned, buffer_.data() + end_);
    if (newline != nullptr) {
      const size_t newline_at = static_cast<size_t>(newline - buffer_.data());
      std::string_view line(buffer_.data() + begin_, newline_at - begin_);
      begin_ = newline_at + 1;
      return std::optional(line);
    }
    if (end_of_input_) {
      if (begin_ == end_) return std::optional<std::string_view>();
      std::string_view last_line(buffer_.data() + begin_, end_ - begin_);  // no final newline
      begin_ = end_;
      return std::optional(last_line);
    }
    if (end_ - begin_ >= kMaxLineBytes) {
      // Drop the overlong line up to its end so the reader can go on after the error.
      ++line_number_;
      const uint64_t bad_line = line_number_;
      for (;;) {
        begin_ = end_ = 0;
        TMK_ASSIGN_OR_RETURN(bool more, refill());
        const char* line_end = find_newline(buffer_.data(), buffer_.data() + end_);
        if (line_end != nullptr) {
          begin_ = static_cast<size_t>(line_end - buffer_.data()) + 1;
          break;
        }
        if (!more) {
          end_of_input_ = true;
          break;
        }
      }
      return fail(ExitCode::kBadInput, name_ + ":" + std::to_string(bad_line) +
                                           ":1: the line is longer than " +
                                           std::to_string(kMaxLineBytes) + " bytes");
    }
    scanned = end_ - begin_;
    TMK_ASSIGN_OR_RETURN(bool more, refill());
    if (!more) end_of_input_ = true;
  }
}

Result<bool> DataReader::next(Example& example) {
  for (;;) {
    TMK_ASSIGN_OR_RETURN(std::optional<std::string_view> line, next_line());
    if (!line) return false;
    ++line_number_;
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";  // editors put it before UTF-8 text
    if (line_number_ == 1 && line->starts_with(kByteOrderMark)) line->remove_prefix(kByteOrderMark.size());
    auto kind = parse_line(*line, example);
    if (!kind) return fail(ExitCode::kBadInput, where(kind.error().column) + ": " + kind.error().what);
    if (*kind == LineKind::kExample) return true;
  }
}

}  // namespace tinymlkit

