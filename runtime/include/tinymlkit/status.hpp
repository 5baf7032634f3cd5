// Errors are values: every fallible call returns a Status or a Result<T>. An Error carries the
// message a person reads (already naming file, line and column where there is one) and the exit
// code the process ends with; nothing in the runtime throws.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace tinymlkit {

// The documented exit codes of every TinyMLKit program.
enum class ExitCode : int {
  kSuccess = 0,
  kUsage = 1,     // bad command line
  kBadInput = 2,  // bad data or model file
  kIoError = 3,   // a file could not be read or written
};

struct Error {
  ExitCode code;
  std::string message;
};

template <class T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
};
using Status = Result<void>;

inline std::unexpected<Error> fail(ExitCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}

}  // namespace tinymlkit

#define TMK_CONCAT_INNER(a, b) a##b
#define TMK_CONCAT(a, b) TMK_CONCAT_INNER(a, b)

// Returns the error of a failed Status or Result from the enclosing function.
#define TMK_TRY(expr)                                                      \
  do {                                                                     \
    if (auto tmk_status_ = (expr); !tmk_status_)                           \
      return std::unexpected(std::move(tmk_status_.error()));              \
  } while (0)

// Declares `lhs` from a successful Result, or returns its error.
#define TMK_ASSIGN_OR_RETURN(lhs, expr) \
  TMK_ASSIGN_OR_RETURN_IMPL(TMK_CONCAT(tmk_result_, __LINE__), lhs, expr)
// `lhs` may be a declaration (auto x) and `result` is a name to declare: neither can be
// parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define TMK_ASSIGN_OR_RETURN_IMPL(result, lhs, expr)      \
  auto result = (expr);                                   \
  if (!result) return std::unexpected(std::move(result.error())); \
  lhs = std::move(*result)
// NOLINTEND(bugprone-macro-parentheses)
