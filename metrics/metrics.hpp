// Public API of metrics/: every published efficiency score and the statistics behind reports
// and the CI gate. Pure computation over plain structs; invalid input throws pj::Error(Input).
// Formulas and sources are stated in README.md, section "Metrics".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace pj::metrics {

// ---- Correctness (Chen et al. 2021, Codex) ------------------------------------------------
// 1 - C(n-c, k) / C(n, k); exactly 1 when n - c < k. Requires 0 <= c <= n, 1 <= k <= n.
double pass_at_k(std::int64_t n, std::int64_t c, std::int64_t k);

// ---- Robust statistics ---------------------------------------------------------------------
double median(std::span<const double> xs);
double mad(std::span<const double> xs);             // median absolute deviation, unscaled
double hodges_lehmann(std::span<const double> xs);  // median of Walsh averages, a <= b
double geometric_mean(std::span<const double> xs);  // all xs > 0
// The p quantile of ascending, non-empty `sorted` by linear interpolation between order
// statistics (Hyndman-Fan type 7, numpy's default).
double quantile_sorted(std::span<const double> sorted, double p);
// Arithmetic mean, e.g. a benchmark's eff@k or pass@k: the unweighted mean over problems.
double mean(std::span<const double> xs);

// ---- Noise of one benchmark's repeats (issue 15) ---------------------------------------------
// Coefficient of variation: the sample standard deviation over the mean; nullopt for fewer
// than two values or a mean of 0.
std::optional<double> coefficient_of_variation(std::span<const double> xs);
// EvalPerf's rule: a benchmark whose repeats vary by more than this is flagged unstable.
constexpr double kUnstableCv = 0.05;
// The indices of modified-z outliers (Iglewicz and Hoaglin): |0.6745 (x - median) / MAD| > z.
// None when the MAD is 0 (at least half the values equal), since z is then undefined.
std::vector<std::size_t> mad_outliers(std::span<const double> xs, double z = 3.5);
// The smallest relative change of a median that a two-sided test at `alpha` tells from noise
// when each side has n repeats of coefficient of variation `cv`: z(1 - alpha/2) * sqrt(pi/2) *
// cv * sqrt(2/n). sqrt(pi/2) is the standard error of a median relative to a mean's (normal
// repeats); sqrt(2/n) that of a difference of two sides. Throws pj::Error(Input) for n < 2,
// cv < 0 or alpha outside (0, 1).
double detectable_change(double cv, std::size_t n, double alpha);

struct Interval {
  double lo = 0;
  double hi = 0;
};

struct BootstrapOptions {
  int resamples = 2000;
  std::uint64_t seed = 20240229;
  double confidence = 0.95;
};

// Percentile bootstrap over tasks: resample per-task values with replacement, apply stat.
using Statistic = std::function<double(std::span<const double>)>;
Interval bootstrap_ci(std::span<const double> per_task, const Statistic& stat,
                      const BootstrapOptions& opt = {});
Interval bootstrap_mean_ci(std::span<const double> per_task, const BootstrapOptions& opt = {});

struct TestResult {
  double statistic = 0;  // U for Mann-Whitney (of sample a), t for Welch, tau for Kendall
  double p_value = 1;    // two-sided
};
// Exact distribution when both samples are small and untied, else normal approximation
// with tie correction.
TestResult mann_whitney_u(std::span<const double> a, std::span<const double> b);
TestResult welch_t_test(std::span<const double> a, std::span<const double> b);
TestResult kendall_tau(std::span<const double> x, std::span<const double> y);  // tau-b

// Hodges-Lehmann shift estimate of log(b/a) turned into a ratio b/a with a confidence interval
// (median of pairwise ratios; distribution-free CI from the Mann-Whitney critical value).
struct RatioEstimate {
  double ratio = 1;
  Interval ci;
};
RatioEstimate ratio_estimate(std::span<const double> a, std::span<const double> b,
                             double confidence = 0.95);

// ---- ENAMEL eff@k (Qiu et al. 2024) --------------------------------------------------------
struct EnamelLevel {
  double reference_time = 0;  // T*_l: the reference's worst test time on this level
  double hardness = 0;        // h_l
};

enum class LevelOutcome {
  Passed,    // every test of the level ran correctly; time is the max over its tests
  Censored,  // a timeout or memory failure (only meaningful at level >= 1)
  Failed,    // a wrong answer or crash; at level 0 any failure is Failed
};

struct EnamelLevelResult {
  LevelOutcome outcome = LevelOutcome::Passed;
  double time = 0;  // t_l, max over the level's per-test Hodges-Lehmann times (if Passed)
};

struct EnamelScore {
  bool passed = false;               // counts as correct for pass@k
  double score = 0;                  // e = sum h_l e_l / sum h_l
  std::vector<double> level_scores;  // e_l
};

double enamel_time_limit(std::span<const EnamelLevel> levels, double alpha = 2.0);
EnamelScore enamel_sample_score(std::span<const EnamelLevel> levels,
                                std::span<const EnamelLevelResult> sample, double alpha = 2.0);
// Rao-Blackwellized unbiased estimator of E[max of k scores]; k <= scores.size().
double eff_at_k(std::span<const double> scores, std::int64_t k);

// ---- EvalPerf DPS / DPS_norm (Liu et al. 2024) ---------------------------------------------
struct DpsOptions {
  double w = 10000;
  double base = 0.10;
};

struct DpsClusters {
  std::vector<double> representatives;  // slowest member of each cluster, slowest first
  std::vector<double> scores;           // cumulative % of pool solutions, clusters 0..j
};

DpsClusters dps_clusters(std::span<const double> pool_costs, const DpsOptions& opt = {});

struct DpsScore {
  double dps = 0;
  double dps_norm = 0;
};
// sample_cost empty: the sample failed (scores 0).
DpsScore dps_score(const DpsClusters& clusters, std::optional<double> sample_cost);

// Mean over tasks having at least min_correct correct samples; per task, the mean over its
// correct samples. Returns nullopt when no task qualifies.
struct DpsTask {
  std::vector<DpsScore> correct_sample_scores;
};
std::optional<DpsScore> dps_overall(std::span<const DpsTask> tasks, std::size_t min_correct);
// EvalPerf requires 10 correct samples of 100; scaled to n samples per task that is n/10
// (rounded down), and at least 1 so that small runs still get a score.
std::size_t dps_default_min_correct(std::size_t samples_per_task);

// ---- COFFE (Peng et al. 2025) --------------------------------------------------------------
// efficient@k: pass@k with c replaced by c_f (correct and strictly cheaper than the best ref).
double efficient_at_k(std::int64_t n, std::int64_t c_fast, std::int64_t k);
// Sum of reference costs over sum of candidate costs, over correct samples. The lists are
// paired (entry i of each covers the same stress tests of the same correct sample), so they
// must have the same length.
double coffe_speedup(std::span<const double> reference_costs,
                     std::span<const double> candidate_costs);

// ---- PIE (Shypula et al. 2024) -------------------------------------------------------------
struct PieGeneration {
  bool correct = false;
  double cost = 0;
};
// Min cost among the first k generations that are correct; nullopt if none is.
std::optional<double> pie_best_at_k(std::span<const PieGeneration> generations, std::int64_t k);
// max(1, source / best); 1 when best is empty (incorrect).
double pie_speedup(double source_cost, std::optional<double> best_cost);

struct PieProgram {
  double source_cost = 0;
  std::optional<double> best_cost;  // best@k cost, empty when no correct generation
};
// The speedup thresholds PIE reports; the first is %Opt's.
inline constexpr std::array<double, 7> pie_thresholds{1.10, 1.25, 1.5, 2, 3, 5, 10};
struct PieSummary {
  double mean_speedup = 1;
  double pct_opt = 0;               // % with speedup >= 1.10
  std::map<double, double> pct_at;  // threshold -> % with speedup >= it, for pie_thresholds
  double pct_correct = 0;
};
PieSummary pie_summary(std::span<const PieProgram> programs);

// ---- EffiBench (Huang et al. 2024) ---------------------------------------------------------
struct MemorySample {
  double t_s = 0;  // seconds since start
  double mib = 0;  // resident memory at t_s
};
// Trapezoidal integral of memory over time, MiB*s.
double memory_time_integral(std::span<const MemorySample> samples);

struct EffiMeasure {
  double time_s = 0;
  double peak_mib = 0;
  double mem_time_mib_s = 0;
};
struct EffiRatios {
  double net = 0;
  double nmu = 0;
  double ntmu = 0;
};
struct EffiPair {
  EffiMeasure candidate;
  EffiMeasure canonical;
};
struct EffiSummary {
  EffiRatios mean_of_ratios;  // per-task ratio, averaged over tasks
  EffiRatios ratio_of_sums;
};
EffiSummary effibench(std::span<const EffiPair> per_task);

}  // namespace pj::metrics
