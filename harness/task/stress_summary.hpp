// What both stress paths (one process per execution, and the function tasks' sessions) store
// for one (program, level, seed), and the arithmetic behind it, which validate's ladder uses
// too.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/sandbox.hpp"
#include "store/store.hpp"

namespace pj::harness {

// Verdicts that censor a stress measurement (the cost is "more than the limit"), not fail it.
inline bool is_censoring(sandbox::Verdict v) {
  return v == sandbox::Verdict::TLE || v == sandbox::Verdict::TLE_WALL ||
         v == sandbox::Verdict::MLE;
}

// Time limit of a stress execution: alpha x the slowest reference's CPU time (at least
// kMinStressSeconds), capped by the task's cpu_seconds, then scaled by --timeout-scale.
inline constexpr double kMinStressSeconds = 0.2;
double stress_time_limit(double slowest_reference_s, double alpha, double cap_s, double scale);

// A net cost: the gross cost minus the baseline's (the function driver that calls nothing, or
// the language's empty program), but never below the uncertainty of the baseline's estimate,
// its spread (max - min) over its n repeats divided by sqrt(n), nor below `at_least`. Work
// cheaper than that cannot be told from zero by whole-process measurement; a ratio against a
// smaller floor (a fast reference measured at "1 us") would be noise blown up into a score.
double net_cost(double gross, double baseline, std::span<const double> baseline_repeats,
                double at_least);

// A measured execution's CPU time (user + system), in seconds.
double cpu_seconds(const store::ExecutionRow& r);

struct StressOutcome {
  std::vector<store::ExecutionRow> executions;
  std::vector<store::StressResultRow> summaries;
};

// A function task's call row also holds the cost of its tail that encoded and sent the result
// ('r' to the window's end, sandbox.hpp "CallPlan"), as counters under these names: the
// task-clock and the wall time in ns, and each counter of the call as "encode." + its name.
inline constexpr std::string_view kEncodeCpuNs = "encode.task-clock-ns";
inline constexpr std::string_view kEncodeWallNs = "encode.wall-ns";
inline constexpr std::string_view kEncodePrefix = "encode.";

// What encoding one result cost in instructions, estimated over a reference's measured calls as
// the costs themselves are; unset where a row lacks it. Only exact counts are split so
// (sandbox.hpp, 'r'): by time the estimate's noise would be added to every program's.
struct EncodingCost {
  std::optional<double> instructions;
};
EncodingCost encoding_cost(const std::vector<store::ExecutionRow>& measured);

// The most a program's own no-op calls may cost, as a multiple of the baseline's: what a
// candidate gains by slowing them (a signal handler, a process started while decoding) is
// bounded by half of the driver's window.
inline constexpr double kNoopCap = 1.5;

// Hodges-Lehmann summaries of the measured repeats (a figure missing in any repeat is
// unknown, never 0), net of the baseline's repeats when `baseline` is given (net_cost), with
// the gross figures and the baseline's program id kept beside them. With `own_noops` (the
// program's no-op calls, function tasks) the net is taken per session instead: its calls'
// estimate minus its own no-op calls' (at most kNoopCap × the baseline's), so that what the
// session's calls share (where its pages landed, the host's state) cancels; then the median
// of the sessions, floored as net_cost floors it. With `reference_encoding` (function tasks,
// exact counts), the reference's count of encoding its result on this input is taken out of
// the net instructions too: a
// correct program's result is the same value, so its encoding costs the same, and it is the
// driver's work, not the call's (ENAMEL and EvalPerf time only the call). A program whose
// encoding costs more (candidate code hooked into it) keeps the difference in its cost.
store::StressResultRow summarise_rows(std::int64_t program_id, int level, std::uint64_t seed,
                                      const std::string& verdict, bool censored,
                                      const std::vector<store::ExecutionRow>& measured,
                                      const std::vector<store::ExecutionRow>* baseline,
                                      std::int64_t baseline_id,
                                      const std::vector<store::ExecutionRow>* own_noops = nullptr,
                                      const EncodingCost* reference_encoding = nullptr);

}  // namespace pj::harness
