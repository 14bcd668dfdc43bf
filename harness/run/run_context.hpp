// Internal to the run pipeline (run.cpp, run_ingest.cpp, run_judge.cpp, run_stress.cpp): the
// state one run shares between its phases and workers.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "harness/run/progress.hpp"
#include "harness/run/run.hpp"
#include "harness/task/execute.hpp"
#include "harness/task/inputs.hpp"
#include "harness/task/task.hpp"
#include "store/store.hpp"

namespace pj::harness {

struct RunContext {
  RunContext(const RunOptions& o, store::Store& st, Builder& b, InputCache& in, Progress& p,
             std::atomic<bool>& s)
      : opt(o), store(st), builder(b), inputs(in), progress(p), stop(s) {}

  const RunOptions& opt;
  store::Store& store;
  std::mutex db_mu;  // the one connection is shared; every store call holds this
  Builder& builder;
  InputCache& inputs;
  Progress& progress;
  std::atomic<bool>& stop;
  std::int64_t run_id = 0;
  std::vector<Task> tasks;                   // the selected tasks
  std::map<std::string, const Task*> by_id;  // into tasks
  std::vector<std::string> counters;         // measured at stress levels
  // Instructions counted by valgrind: exact and repeatable, so a function task's call on
  // one input is counted once (one session, no warm-up, one repeat).
  bool exact_counts = false;
  std::vector<int> cpus;                          // worker i runs on cpus[i % size]
  std::vector<std::unique_ptr<TempDir>> scratch;  // one per worker
  std::atomic<std::int64_t> bad_input{0};

  std::optional<int> cpu_of(int worker) const {
    if (cpus.empty()) return std::nullopt;
    return cpus[static_cast<std::size_t>(worker) % cpus.size()];
  }
};

// Reads the sample file into `programs` (batched transactions); idempotent across resumes.
void ingest_samples(RunContext& ctx, const std::vector<Task>& all_tasks);

// Stores the run's task rows and each task's references (and baseline) as programs.
void register_tasks(RunContext& ctx);

// Generates the inputs of every task with samples (generated tests and the measured levels),
// one generator batch per task and argument list; a failing batch is left to the phases that
// need its inputs, which report the failing seed.
void prepare_all_inputs(RunContext& ctx);

// Correctness phase over every program without a result; one transaction per program.
void judge_all(RunContext& ctx);

// Program tasks with samples: stores a baseline program (the language's empty program) for
// every language among the task's passing programs. Idempotent; runs before the stress phase.
void register_baselines(RunContext& ctx);

// Stress phase over every (task, level, seed) unit not yet done; one transaction per unit.
void stress_all(RunContext& ctx);

// Build (or find in the cache) what runs for a stored program.
BuildResult build_program(RunContext& ctx, const Task& task, const store::ProgramInfo& p);

// The stored row of one execution.
store::ExecutionRow execution_row(std::int64_t program_id, const sandbox::Result& r);

}  // namespace pj::harness
