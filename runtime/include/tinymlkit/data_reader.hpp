// Streaming reader of the text data format. Memory stays bounded whatever the size of the input:
// the reader keeps one buffer (reused, grown only for a long line, never past kMaxLineBytes) and
// one Example. Bad lines are errors naming file, line and column; the reader can go on after one.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tinymlkit/example.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

inline constexpr size_t kMaxLineBytes = size_t{64} << 20;

struct LineError {
  uint32_t column;  // 1-based
  std::string what;
};

// `text` in quotes for a message, cut to its first 40 bytes: a bad token may be megabytes long.
std::string quoted(std::string_view text);

// Puts an example's features the way every parsed line has them: in increasing index order (a
// repeated index is an error at the later one's column), explicit zeros left out.
std::expected<void, LineError> normalize_features(Example& example);
// Increasing index order, features of equal index in the order given: the one sort of rows, so
// the modules hold one instance of it.
void sort_by_index(std::vector<Feature>& features);

enum class LineKind { kExample, kBlank };  // kBlank: empty, white space or a # comment

// Parses one line (without its newline). On success `example` holds the parsed example; its label
// points into `line`.
std::expected<LineKind, LineError> parse_line(std::string_view line, Example& example);

class DataReader {
 public:
  // "-" reads standard input.
  static Result<DataReader> open(const std::string& path);

  // Reads the next example into `example`: true, or false at the end of the input. A bad line
  // is an error (ExitCode::kBadInput) after which reading may go on with the next line.
  Result<bool> next(Example& example);

  const std::string& name() const { return name_; }
  uint64_t line_number() const { return line_number_; }
  // "name:line:column", for messages about the example just read.
  std::string where(uint32_t column) const;

 private:
  struct FileCloser {
    void operator()(FILE* file) const;
  };
  DataReader(std::string name, FILE* file) : name_(std::move(name)), file_(file) {}
  // The next line without its newline, or an empty optional at the end of the input.
  Result<std::optional<std::string_view>> next_line();
  Result<bool> refill();

  std::string name_;
  std::unique_ptr<FILE, FileCloser> file_;
  std::vector<char> buffer_ = std::vector<char>(size_t{1} << 20);
  size_t begin_ = 0;  // unread bytes are buffer_[begin_, end_)
  size_t end_ = 0;
  bool end_of_input_ = false;
  uint64_t line_number_ = 0;
};

}  // namespace tinymlkit
