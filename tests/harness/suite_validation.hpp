// The validation the suite and import tests run, with the test's own cache: by CPU time where
// the ladders' ratios are wide enough to survive a loaded machine, by exact counts where not.
#pragma once

#include <filesystem>
#include <string>

#include "harness/task/validate.hpp"

namespace pj::harness::testing {

inline ValidateReport validate_by(Cost cost, const std::filesystem::path& root,
                                  const std::filesystem::path& cache, bool quick, int jobs) {
  ValidateOptions o;
  o.cost = cost;
  o.quick = quick;
  o.jobs = jobs;
  o.cache_dir = cache;
  return validate_suite(root, o);
}

inline ValidateReport validate_by_cpu(const std::filesystem::path& root,
                                      const std::filesystem::path& cache, bool quick, int jobs) {
  return validate_by(Cost::CpuTime, root, cache, quick, jobs);
}

// Instructions (valgrind without a PMU): the same count on every machine and under any load.
// For ladders whose rungs are close (the demo's 1.7x, which a busy loop per core flipped by CPU
// time) or whose calls are too short for CPU time to tell apart (EvalPerf's fixture, at tens of
// microseconds).
inline ValidateReport validate_exact(const std::filesystem::path& root,
                                     const std::filesystem::path& cache, bool quick) {
  return validate_by(Cost::Instructions, root, cache, quick, 1);
}

// The suite tests (bundled tasks, ENAMEL's import): quick mode, one task at a time (ctest runs
// the shards side by side).
inline ValidateReport validate_quick(const std::filesystem::path& root,
                                     const std::filesystem::path& cache) {
  return validate_by_cpu(root, cache, true, 1);
}

// The validation the import tests run on the tasks they imported: full mode, two tasks at a
// time.
inline ValidateReport validate_imported(const std::filesystem::path& root,
                                        const std::filesystem::path& cache) {
  return validate_by_cpu(root, cache, false, 2);
}

// Every error on its own line, for the failure message.
inline std::string error_lines(const ValidateReport& r) {
  std::string out;
  for (const auto& e : r.errors) out += e + "\n";
  return out;
}

}  // namespace pj::harness::testing
