// A task as declared by its task.toml (docs/TASK_FORMAT.md), loaded and checked.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pj::harness {

enum class TaskKind { Program, Function };
// Loose: COFFE's comparison (whitespace and square brackets ignored; see docs/TASK_FORMAT.md).
enum class CheckerType { Exact, Tokens, Float, Loose, Program };

struct TaskLimits {
  double cpu_seconds = 10.0;
  std::uint64_t memory_mib = 1024;
  std::uint64_t output_mib = 64;
  double alpha = 2.0;
};

struct Checker {
  CheckerType type = CheckerType::Tokens;
  double abs_tol = 1e-6;
  double rel_tol = 1e-6;
  std::filesystem::path file;  // CheckerType::Program
};

struct TestCase {
  std::string name;
  std::filesystem::path input;                    // program: NAME.in; function: NAME.json
  std::optional<std::filesystem::path> expected;  // NAME.out; empty: from the best reference
  // Generated tests instead carry generator arguments and a seed.
  std::vector<std::string> gen_args;
  std::optional<std::uint64_t> gen_seed;
};

// A level's inputs come from the task's generator (args, seeds) or are files stored in the
// task (`inputs`); a fixed level's seeds are the files' positions, 1..N, so that everything
// keyed on (level, seed) treats both alike.
struct StressLevel {
  int index = 0;
  std::vector<std::string> args;
  std::vector<std::uint64_t> seeds;
  std::vector<std::filesystem::path> inputs;  // fixed: inputs[seed - 1], absolute
  double hardness = 0;

  bool fixed() const { return !inputs.empty(); }
  // A fixed level's file for `seed`, one of `seeds`; throws pj::Error(Internal) otherwise.
  const std::filesystem::path& input_file(std::uint64_t seed) const;
};

// [python]: interpreter settings applied to every Python program of the task (references,
// samples, baselines) by the driver or runner, never by editing their source.
struct PythonSettings {
  std::optional<std::int64_t> recursion_limit;     // sys.setrecursionlimit
  std::optional<std::int64_t> int_max_str_digits;  // sys.set_int_max_str_digits; 0 = no limit

  bool any() const { return recursion_limit || int_max_str_digits; }
  // The driver's or runner's options that apply them, e.g. {"--recursion-limit", "200000"}.
  std::vector<std::string> driver_args() const;
};

struct Reference {
  std::string name;
  std::filesystem::path file;
  std::string level;  // naive | good | expert
  int rank = 0;       // 0 = naive, 1 = good, 2 = expert
  std::string language;
};

struct Task {
  std::filesystem::path dir;
  std::filesystem::path manifest;  // dir / "task.toml"
  std::string manifest_sha1;       // hash of the manifest and every file it names
  std::string id;
  std::string title;
  std::filesystem::path statement;
  TaskKind kind = TaskKind::Program;
  std::vector<std::string> languages;
  std::string default_language;
  std::vector<std::string> aliases;
  bool excluded = false;
  std::string entry_point;  // function tasks
  std::string prompt;       // prepended to completion-only samples
  PythonSettings python;
  TaskLimits limits;
  Checker checker;
  std::vector<TestCase> tests;
  std::filesystem::path generator;  // empty: no generated tests and only fixed levels
  std::vector<StressLevel> levels;
  std::vector<Reference> references;  // sorted by rank, slowest tier first

  const Reference& best_reference() const;  // first reference of the highest rank
};

// Loads and checks one task directory. Throws pj::Error(Input) "FILE:LINE: what" on the first
// error.
Task load_task(const std::filesystem::path& dir);

// Every problem found, not only the first, as "FILE:LINE: what" lines.
struct LoadReport {
  std::vector<Task> tasks;
  std::vector<std::string> errors;
};
// Every directory under root that holds a task.toml, sorted by id.
LoadReport load_suite(const std::filesystem::path& root);

std::string_view to_string(TaskKind k);

}  // namespace pj::harness
