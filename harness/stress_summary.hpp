// Internal to the run pipeline: what both stress paths (one process per execution, and the
// function tasks' sessions) store for one (program, level, seed).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sandbox/sandbox.hpp"
#include "store/store.hpp"

namespace pj::harness {

// Verdicts that censor a stress measurement (the cost is "more than the limit"), not fail it.
inline bool is_censoring(sandbox::Verdict v) {
  return v == sandbox::Verdict::TLE || v == sandbox::Verdict::TLE_WALL ||
         v == sandbox::Verdict::MLE;
}

struct StressOutcome {
  std::vector<store::ExecutionRow> executions;
  std::vector<store::StressResultRow> summaries;
};

// Hodges-Lehmann summaries of the measured repeats (a figure missing in any repeat is
// unknown, never 0), net of the baseline's repeats when `baseline` is given (net_cost), with
// the gross figures and the baseline's program id kept beside them.
store::StressResultRow summarise_rows(std::int64_t program_id, int level, std::uint64_t seed,
                                      const std::string& verdict, bool censored,
                                      const std::vector<store::ExecutionRow>& measured,
                                      const std::vector<store::ExecutionRow>* baseline,
                                      std::int64_t baseline_id);

}  // namespace pj::harness
