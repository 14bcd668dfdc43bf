// Deciding whether an output is correct, per the task's checker.
#pragma once

#include <filesystem>
#include <string>

#include "harness/lang/languages.hpp"
#include "harness/task/task.hpp"

namespace pj::harness {

enum class CheckVerdict { Accepted, WrongAnswer, CheckerError };

struct CheckOutcome {
  CheckVerdict verdict = CheckVerdict::CheckerError;
  std::string message;  // printable; e.g. "token 3: expected 17, got 18"
};

// Function tasks compare JSON values (exact: equal values; float: numbers within tolerance).
// A program checker is built with the caller's builder, so it lands in the caller's cache
// (`--cache`); there is no default one.
CheckOutcome check_output(const Task& task, Builder& builder, const std::filesystem::path& input,
                          const std::filesystem::path& expected,
                          const std::filesystem::path& actual);

}  // namespace pj::harness
