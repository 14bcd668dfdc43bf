// The one error-handling convention of perfjudge: library code throws pj::Error; the CLI
// catches it at the top, prints its one-line message and exits with exit_code(kind).
#pragma once

#include <stdexcept>
#include <string>

namespace pj {

enum class ErrorKind {
  Usage,     // bad command-line arguments
  Input,     // malformed user input: task, sample file, JSONL line, database
  Internal,  // perfjudge itself failed (a syscall, an invariant)
};

// Documented exit codes, shared by every subcommand.
namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int negative = 1;  // a non-OK verdict, a regression, a failed validation
inline constexpr int error = 2;     // usage, input or internal error (one line on stderr)
inline constexpr int interrupted = 130;
}  // namespace exit_code

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

[[noreturn]] inline void fail_usage(const std::string& m) { throw Error(ErrorKind::Usage, m); }
[[noreturn]] inline void fail_input(const std::string& m) { throw Error(ErrorKind::Input, m); }
[[noreturn]] inline void fail_internal(const std::string& m) {
  throw Error(ErrorKind::Internal, m);
}

}  // namespace pj
