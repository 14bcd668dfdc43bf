// The CI regression gate: pairs a baseline's and a candidate's stress measurements by
// (task, level, seed) and program, decides per benchmark with the rules of README section
// "Reports" (instruction counts: % change thresholds; times: Mann-Whitney AND median change),
// and renders Markdown, JUnit XML and Bencher Metric Format.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "metrics/metrics.hpp"
#include "reports/dataset.hpp"

#include "core/cost.hpp"

namespace pj::reports {

// One measured unit: a sample program on one stress (level, seed).
struct Benchmark {
  std::string task;
  int level = 0;
  std::int64_t seed = 0;
  std::string model;
  std::string sample_id;
  std::string verdict;  // OK, or why it did not run to completion (TLE, WA, ...)
  bool censored = false;
  Repeats repeats;
  std::string program() const { return model + "/" + sample_id; }
  std::string name() const;  // task/L<level>/s<seed>/<model>/<sample_id>
};

// Samples of ds, one entry per (program, level, seed) of its task's levels; a program that
// failed correctness appears with its verdict. Needs ds loaded with repeats.
std::vector<Benchmark> benchmarks_of(const Dataset& ds);
nlohmann::json benchmarks_to_json(const std::vector<Benchmark>& b);
// Reads the "benchmarks" array of a `report --format json` file; `where` names it in errors.
std::vector<Benchmark> benchmarks_from_json(const nlohmann::json& j, const std::string& where);

struct GateOptions {
  Cost metric = Cost::Auto;          // Auto: instructions when both sides have them
  double max_increase = 0.02;        // instruction counts, per benchmark
  double max_total_increase = 0.01;  // instruction counts, geometric mean
  double alpha = 0.05;               // times: Mann-Whitney significance
  double min_effect = 0.05;          // times: median change that matters
  std::size_t min_repeats = 9;       // times: per side
  bool allow_missing = false;
};

enum class Outcome { Pass, Regression, Improvement, Missing };
std::string_view to_string(Outcome o);

struct BenchVerdict {
  std::string name;
  Outcome outcome = Outcome::Pass;
  std::string metric;                          // instructions | cpu_time | wall_time
  std::optional<double> baseline;              // median over repeats
  std::optional<double> candidate;             // median over repeats
  std::optional<double> change;                // candidate / baseline - 1
  std::optional<metrics::Interval> change_ci;  // of candidate / baseline - 1 (times)
  std::optional<double> p_value;
  std::string note;  // why, in words
  // The paired benchmarks, as indices into run_gate's baseline and candidate (unset for a
  // missing one): what confirm_regressions re-measures.
  std::optional<std::size_t> baseline_index, candidate_index;
};

struct GateResult {
  std::vector<BenchVerdict> items;
  std::optional<double> total_change;  // geometric mean of candidate/baseline - 1
  bool total_regression = false;
  std::string metric;
  bool regression() const;  // any item or the total regressed
  int exit_status() const;  // 0 pass, 1 regression
};

// Throws pj::Error(Input) on mismatched or missing benchmarks (unless allow_missing) and on
// too few repeats for the time rule.
GateResult run_gate(const std::vector<Benchmark>& baseline, const std::vector<Benchmark>& candidate,
                    const GateOptions& opt);

// Fresh repeats of a paired benchmark (baseline's, candidate's), n per side, measured in turns.
using Remeasure = std::function<std::pair<Repeats, Repeats>(
    const Benchmark& baseline, const Benchmark& candidate, std::size_t n)>;

// `gate --confirm N`: every regression of `r` on a time cost where both sides ran OK is
// re-measured through `remeasure` (n per side, interleaved) and judged again by the same rule
// on the fresh repeats alone, which replace the stored ones in its verdict: a regression they
// show is reported ("confirmed"), one they do not is a pass ("not confirmed"). Instruction
// counts (deterministic) and failures are left as they are. n must be at least
// opt.min_repeats (else pj::Error(Usage)).
void confirm_regressions(GateResult& r, const std::vector<Benchmark>& baseline,
                         const std::vector<Benchmark>& candidate, const GateOptions& opt,
                         std::size_t n, const Remeasure& remeasure);

// The sample program behind benchmark `b` of `ds` (ds loaded from a store) and its run's task
// directory (settings_json "tasks_dir"): what `--confirm` rebuilds and runs. Throws
// pj::Error(Input) when ds does not hold it.
struct BenchmarkProgram {
  std::string tasks_dir, task, language, source;
};
BenchmarkProgram program_of(const Dataset& ds, const Benchmark& b);

std::string gate_markdown(const GateResult& r, const GateOptions& opt);
std::string gate_junit(const GateResult& r);
std::string gate_bmf(const std::vector<Benchmark>& candidate);  // candidate measures

}  // namespace pj::reports
