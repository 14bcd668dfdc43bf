#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/run_options.hpp"
#include "core/error.hpp"
#include "harness/run/run.hpp"

namespace pj::cli {

namespace {

std::vector<int> parse_levels(const std::vector<std::string>& items) {
  std::vector<int> out;
  for (const std::string& item : items) {
    std::stringstream ss(item);
    std::string part;
    while (std::getline(ss, part, ',')) {
      if (part.empty()) continue;
      std::size_t used = 0;
      int v = -1;
      try {
        v = std::stoi(part, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != part.size() || v < 0) {
        fail_usage(fmt::format("--levels: '{}' is not a level index", part));
      }
      out.push_back(v);
    }
  }
  return out;
}

// The whole command line, as the runs table records it (CLI11 does not keep argv).
std::vector<std::string> own_argv() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::vector<std::string> out;
  std::string arg;
  while (std::getline(in, arg, '\0')) out.push_back(arg);
  return out;
}

}  // namespace

void add_run_options(CLI::App* cmd, RunArgs& a, const std::string& default_db) {
  harness::RunOptions& o = a.opt;
  cmd->add_option("--tasks", o.tasks_dir, "directory holding the tasks (any depth)")->required();
  cmd->add_option("--samples", o.samples,
                  "EvalPlus JSONL, ENAMEL JSON, a DIR/<model>/<task>/<n>.<ext> tree, or one "
                  "program (source file or executable)")
      ->required();
  cmd->add_option("--db", o.db, "SQLite database to write (created if missing)")
      ->default_val(default_db);
  cmd->add_option("--model", o.model,
                  "model name for samples whose file does not give one (default: file stem)");
  cmd->add_option("--jobs,-j", o.jobs,
                  "parallel workers, each pinned to its own CPU (default: one per CPU; 1 for "
                  "wall_time)");
  cmd->add_option("--repeats", o.repeats, "measured repeats per stress input")->default_val(3);
  cmd->add_option("--warmup", o.warmup, "unmeasured warm-up runs per stress input")->default_val(1);
  cmd->add_option("--cost", a.cost, kCostHelp)->default_val("auto");
  cmd->add_option("--counter-backend", a.counter_backend,
                  "how --cost instructions counts: perf (a hardware counter), valgrind "
                  "(exact, 12-50x slower) or auto (perf where the CPU has one)")
      ->default_val("auto");
  cmd->add_option("--levels", a.levels, "stress levels to run, e.g. 0,1 (default: all)");
  cmd->add_option("--only", o.only, "task ids or aliases to evaluate (default: all)");
  cmd->add_option("--timeout-scale", o.timeout_scale, "multiply every stress time limit")
      ->default_val(1.0);
  cmd->add_flag("--include-excluded", o.include_excluded, "also run tasks marked excluded");
  cmd->add_flag("--raw", o.all_raw, "treat every sample as a raw model response and sanitize it");
  cmd->add_flag("--new-run", o.new_run, "start a fresh run even if this command ran before");
  cmd->add_option("--cache", o.cache_dir,
                  "build and input cache (default: $PERFJUDGE_CACHE or ~/.cache/perfjudge)");
  cmd->add_option("--shard", a.shard,
                  "evaluate one shard of the samples: I/N (0 <= I < N), or auto/N to read I from "
                  "SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or PJ_SHARD_INDEX");
  cmd->add_flag("--quiet,-q", o.quiet, "no progress output");
}

harness::RunOptions run_options(const RunArgs& a) {
  harness::RunOptions opt = a.opt;
  opt.cost = parse_cost(a.cost);
  const auto backend = sandbox::backend_from_string(a.counter_backend);
  if (!backend) fail_usage("--counter-backend must be perf, valgrind or auto");
  opt.backend = *backend;
  opt.levels = parse_levels(a.levels);
  opt.command_line = own_argv();
  if (!a.shard.empty()) opt.shard = harness::parse_shard(a.shard, harness::process_env());
  return opt;
}

void print_run_summary(const harness::RunSummary& s) {
  fmt::print(stderr, "run {}{}: {} samples, {} judged, {} passed, {} executions stored{}{}\n",
             s.run_id, s.resumed ? " (resumed)" : "", s.samples, s.judged, s.passed, s.executions,
             s.bad_input ? fmt::format(", {} bad sample records skipped", s.bad_input) : "",
             s.interrupted ? "; interrupted: rerun the same command to continue" : "");
}

void add_run(CLI::App& app, int& status) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "judge and measure samples into a SQLite database");
  add_run_options(cmd, *args, "perfjudge.sqlite");
  cmd->callback([args, &status] {
    const harness::RunSummary s = harness::run(run_options(*args));
    print_run_summary(s);
    status = s.interrupted ? exit_code::interrupted : exit_code::ok;
  });
}

}  // namespace pj::cli
