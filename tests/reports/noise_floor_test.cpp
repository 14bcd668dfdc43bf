// The noise floor of issue 15: the smallest change two sides' repeats can tell from noise, the
// note gate and compare print when a threshold is below it, and the A/A figures of `perfjudge
// noise`.
#include "reports/noise_floor.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/metrics.hpp"

namespace pj::reports {
namespace {

Benchmark bench(int seed, std::vector<double> cpu, const std::string& verdict = "OK") {
  Benchmark b;
  b.task = "t";
  b.level = 1;
  b.seed = seed;
  b.model = "m";
  b.sample_id = "0";
  b.verdict = verdict;
  b.repeats.cpu_s = cpu;
  b.repeats.wall_s = cpu;
  b.repeats.session.assign(cpu.size(), std::nullopt);
  return b;
}

// Repeats around `center` with coefficient of variation exactly `cv` for n = 4: two at
// center*(1-d), two at center*(1+d), where sd = d*center*sqrt(4/3).
std::vector<double> spread(double center, double cv) {
  const double d = cv / std::sqrt(4.0 / 3);
  return {center * (1 - d), center * (1 + d), center * (1 - d), center * (1 + d)};
}

TEST(NoiseFloor, IsTheDetectableChangeOfTheMedianCvAtTheFewestRepeats) {
  const std::vector<Benchmark> a = {bench(1, spread(1.0, 0.01)), bench(2, spread(2.0, 0.03)),
                                    bench(3, {1.0}), bench(4, spread(1.0, 0.5), "TLE")};
  const std::vector<Benchmark> b = {bench(1, spread(1.0, 0.02))};
  const NoiseFloor f = noise_floor(a, b, Cost::CpuTime, 0.05);
  // One repeat (no CV) and a failed benchmark do not count.
  EXPECT_EQ(f.benchmarks, 3u);
  EXPECT_EQ(f.repeats, 4u);
  ASSERT_TRUE(f.median_cv);
  EXPECT_NEAR(*f.median_cv, 0.02, 1e-12);
  EXPECT_NEAR(*f.detectable, metrics::detectable_change(0.02, 4, 0.05), 1e-12);
  // The same vector on both sides counts once.
  EXPECT_EQ(noise_floor(a, a, Cost::CpuTime, 0.05).benchmarks, 2u);
  // No repeats of a cost: no floor.
  EXPECT_FALSE(noise_floor(a, b, Cost::Instructions, 0.05).detectable);
}

TEST(NoiseFloor, NoteOnlyWhenTheThresholdIsBelowIt) {
  const std::vector<Benchmark> noisy = {bench(1, spread(1.0, 0.10))};
  const NoiseFloor f = noise_floor(noisy, noisy, Cost::CpuTime, 0.05);
  ASSERT_TRUE(f.detectable);
  EXPECT_GT(*f.detectable, 0.05);  // 1.96 * 1.2533 * 0.1 * sqrt(2/4) = 17.4%
  EXPECT_EQ(floor_note(f, 0.05, "--min-effect", 0.05),
            fmt::format("--min-effect 5.0% is below the noise floor {:.1f}% of cpu_time (median "
                        "CV 10.00%, 4 repeats, alpha 0.05): smaller changes cannot be told from "
                        "noise; add --repeats or measure on a quieter machine",
                        *f.detectable * 100));
  EXPECT_EQ(floor_note(f, 0.20, "--min-effect", 0.05), "");
  EXPECT_EQ(floor_note(NoiseFloor{}, 0.01, "--min-effect", 0.05), "");
  // gate/compare pick the threshold of the judged cost.
  GateOptions o;
  o.min_effect = 0.05;
  EXPECT_NE(threshold_note(noisy, noisy, Cost::CpuTime, o).find("--min-effect 5.0%"),
            std::string::npos);
  o.min_effect = 0.5;
  EXPECT_EQ(threshold_note(noisy, noisy, Cost::CpuTime, o), "");
}

TEST(NoiseFloor, AaRunGivesTheSpreadOfChangesAndTheFalseAlarms) {
  // Nine repeats a side. Benchmarks 1-3 move by 0%, 1%, 2%; benchmark 4 by 30%, with no
  // overlap: the gate flags it although the programs are the same (a false alarm).
  auto nine = [](double c) { return std::vector<double>(9, c); };
  auto jitter = [](double c) {
    std::vector<double> v;
    for (int i = 0; i < 9; ++i) v.push_back(c * (1 + 0.001 * i));
    return v;
  };
  const std::vector<Benchmark> a = {bench(1, jitter(1.0)), bench(2, jitter(1.0)),
                                    bench(3, jitter(1.0)), bench(4, jitter(1.0)),
                                    bench(5, nine(1.0), "WA")};
  const std::vector<Benchmark> b = {bench(1, jitter(1.0)), bench(2, jitter(1.01)),
                                    bench(3, jitter(1.02)), bench(4, jitter(1.3)),
                                    bench(5, nine(1.0))};
  GateOptions o;
  const AaResult r = aa_noise(a, b, Cost::CpuTime, o);
  EXPECT_EQ(r.paired, 4u);  // the WA one has no change
  EXPECT_EQ(r.false_alarms, 1u);
  ASSERT_TRUE(r.spread);
  // The 0.95 quantile of {0, .01, .02, .30} by interpolation: .02 + 0.85 * .28.
  EXPECT_NEAR(*r.spread, 0.02 + 0.85 * 0.28, 1e-9);
  EXPECT_EQ(r.floor.repeats, 9u);
}

}  // namespace
}  // namespace pj::reports
