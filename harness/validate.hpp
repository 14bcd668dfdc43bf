// `perfjudge tasks validate`: checks a suite of tasks end to end (see docs/TASK_FORMAT.md,
// "Validation"): the manifest schema, every reference on every test and stress input, the
// generators' determinism and the ordering of the reference ladder.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/inputs.hpp"
#include "harness/languages.hpp"
#include "harness/task.hpp"

namespace pj::harness {

// How references are compared on the largest stress level.
// Auto: instructions when the machine has a hardware PMU (perf), else cpu_time.
// Instructions without a PMU are counted by valgrind (exact, but ~50x slower to run).
enum class CostKind { Auto, Instructions, CpuTime };
std::string_view to_string(CostKind k);
std::optional<CostKind> cost_kind_from_string(std::string_view s);

struct ValidateOptions {
  CostKind cost = CostKind::Auto;
  bool quick = false;               // only the first seed of every level (tests are always all run)
  double min_ratio = 1.0;           // a lower tier must cost more than min_ratio x a higher one
  int jobs = 1;                     // tasks validated concurrently
  std::filesystem::path cache_dir;  // empty: default_cache_dir()
  std::function<void(const std::string&)> progress;  // called once per task, may be empty
};

struct TaskValidation {
  std::string task_id;
  std::vector<std::string> errors;  // one line each: "TASK: FILE: what"
  std::vector<std::string> notes;   // ladder costs, for the report
};

struct ValidateReport {
  std::vector<std::string> errors;  // manifest errors ("FILE:LINE: what") then task errors
  std::vector<std::string> notes;
  std::size_t tasks = 0;              // tasks whose manifest loaded
  CostKind cost = CostKind::CpuTime;  // the cost actually used
  bool ok() const { return errors.empty(); }
};

// Loads every task under root and validates all of them; never stops at the first error.
ValidateReport validate_suite(const std::filesystem::path& root, const ValidateOptions& opt);

// One loaded task. `cost` must be resolved (not Auto).
TaskValidation validate_task(const Task& task, const ValidateOptions& opt, CostKind cost,
                             Builder& builder, InputCache& inputs);

// Auto resolved for this machine: Instructions when perf can count them, else CpuTime.
CostKind resolve_cost(CostKind requested);

}  // namespace pj::harness
