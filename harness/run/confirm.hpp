// `gate --confirm N`: re-measuring a benchmark whose time cost regressed, the baseline's and
// the candidate's programs in turns (base, candidate, base, ...), so that both see the same
// machine state; a regression that came from a noisy hour rather than from the code is then
// not reported. Program tasks only: a function task's cost is its calls' net of the driver,
// measured by the run's session machinery.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pj::harness {

// One side's program, as its store recorded it: the run's task directory
// (settings_json "tasks_dir"), the task id, and the program's language and source.
struct ConfirmProgram {
  std::filesystem::path tasks_dir;
  std::string task_id;
  std::string language;
  std::string source;
};

struct Remeasured {
  std::vector<double> cpu_s;   // user + system CPU seconds of each execution
  std::vector<double> wall_s;  // elapsed seconds of each execution
};

// n executions of each program on the stress input (level, seed) of its task, interleaved.
// Builds and inputs come from cache_dir (the run's cache). Throws pj::Error(Input) naming the
// task when it is gone, is a function task, or a program fails to build or to run OK.
std::pair<Remeasured, Remeasured> remeasure_interleaved(const ConfirmProgram& base,
                                                        const ConfirmProgram& cand, int level,
                                                        std::uint64_t seed, std::size_t n,
                                                        const std::filesystem::path& cache_dir);

}  // namespace pj::harness
