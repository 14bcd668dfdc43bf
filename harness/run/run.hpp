// `perfjudge run`: ingest samples, build, test and stress-measure them against the task's
// references, storing everything in SQLite, resumably. README.md, section "Run".
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/cost.hpp"
#include "harness/run/shard.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::harness {

struct RunOptions {
  std::filesystem::path tasks_dir;
  std::filesystem::path samples;
  std::filesystem::path db;
  std::string model;  // for samples whose file does not name one; default: the file's stem
  int jobs = 0;       // 0: one per allowed CPU, or 1 for wall_time (jobs_for_cost)
  int repeats = 3;
  int warmup = 1;
  Cost cost = Cost::Auto;  // resolved for this machine by choose_cost_for_machine
  // How instructions are counted: Auto takes perf where the CPU has a counter, else valgrind.
  sandbox::CounterBackend backend = sandbox::CounterBackend::Auto;
  std::vector<int> levels;        // empty: every stress level
  std::vector<std::string> only;  // task ids or aliases; empty: every task
  double timeout_scale = 1.0;
  bool include_excluded = false;
  bool new_run = false;
  bool all_raw = false;  // --raw: every sample is a raw model response to sanitize
  bool quiet = false;
  bool handle_signals = true;  // the CLI: Ctrl-C stops cleanly; tests run in-process without
  std::vector<std::string> command_line;
  // --shard I/N: only the samples of this shard (and the references of their tasks).
  std::optional<Shard> shard;
  std::filesystem::path cache_dir;  // empty: default_cache_dir()
  std::FILE* out = stderr;          // progress and messages

  // Whether this run measures stress level `level` (--levels; empty means every level).
  bool measures_level(int level) const {
    return levels.empty() || std::find(levels.begin(), levels.end(), level) != levels.end();
  }
};

// The workers a run uses: `requested` (0 = choose) for this cost on `cpus` CPUs, and a warning
// when a request was lowered. Wall time runs one job, since co-running programs slow each
// other's clocks; CPU time and instructions run one pinned worker per CPU at most
// (docs/PERFORMANCE.md, "Parallel jobs and CPU time", measures what two workers cost).
struct JobsChoice {
  int jobs = 1;
  std::string warning;
};
JobsChoice jobs_for_cost(int requested, Cost cost, int cpus);

struct RunSummary {
  std::int64_t run_id = 0;
  bool resumed = false;
  bool interrupted = false;
  int jobs = 1;
  std::int64_t samples = 0;  // sample programs stored in this run
  std::int64_t judged = 0;   // with a correctness verdict
  std::int64_t passed = 0;
  std::int64_t bad_input = 0;   // records skipped with an error line (this invocation)
  std::int64_t executions = 0;  // stored executions of this run
};

// Runs (or resumes) the evaluation. Throws pj::Error for unusable options, tasks or database.
RunSummary run(const RunOptions& opt);

}  // namespace pj::harness
