// `perfjudge tasks validate`: checks a suite of tasks end to end (see docs/TASK_FORMAT.md,
// "Validation"): the manifest schema, every reference on every test and stress input, the
// generators' determinism and the ordering of the reference ladder.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/lang/languages.hpp"
#include "harness/task/inputs.hpp"
#include "harness/task/task.hpp"

#include "core/cost.hpp"
#include "harness/machine/cost_choice.hpp"

namespace pj::harness {

struct ValidateOptions {
  // How references are compared on the largest stress level; Auto is resolved for this
  // machine (choose_cost_for_machine). Instructions without a PMU are counted by valgrind.
  Cost cost = Cost::Auto;
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
  std::size_t tasks = 0;      // tasks whose manifest loaded
  Cost cost = Cost::CpuTime;  // the cost actually used
  std::string cost_note;      // why, when --cost auto chose it
  bool ok() const { return errors.empty(); }
};

// Loads every task under root and validates all of them; never stops at the first error.
ValidateReport validate_suite(const std::filesystem::path& root, const ValidateOptions& opt);

// One loaded task. `cost` must be resolved (not Auto).
TaskValidation validate_task(const Task& task, const ValidateOptions& opt, Cost cost,
                             Builder& builder, InputCache& inputs);

}  // namespace pj::harness
