// The options of `perfjudge run`, shared by `perfjudge noise`, which runs the same work twice:
// one set of names, defaults and help text for both.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "harness/run/run.hpp"

namespace pj::cli {

struct RunArgs {
  harness::RunOptions opt;
  std::string cost = "auto";
  std::string counter_backend = "auto";
  std::vector<std::string> levels;
  std::string shard;
};

// Registers every option of `run` on cmd; `default_db` is --db's default.
void add_run_options(CLI::App* cmd, RunArgs& a, const std::string& default_db);
// The options as harness::run takes them: cost, levels and shard parsed (pj::Error(Usage) on a
// bad one), the command line recorded.
harness::RunOptions run_options(const RunArgs& a);
// "run 3 (resumed): 4 samples, 4 judged, 4 passed, 80 executions stored" on stderr.
void print_run_summary(const harness::RunSummary& s);

}  // namespace pj::cli
