#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "metrics/metrics.hpp"
#include "tests/metrics/expect_error.hpp"

namespace pj::metrics {
namespace {

using testing::expect_input_error;

// ---- COFFE ---------------------------------------------------------------------------------

TEST(Coffe, SpeedupIsARatioOfSums) {
  // Not the mean of per-test ratios (which would be (2 + 0.5) / 2 = 1.25).
  const std::vector<double> ref{100, 300};
  const std::vector<double> cand{50, 600};
  EXPECT_NEAR(coffe_speedup(ref, cand), 400.0 / 650.0, 1e-15);
  expect_input_error(
      [&] {
        coffe_speedup(ref, std::vector<double>{0, 0});
      },
      "total candidate cost is zero");
  expect_input_error(
      [&] {
        coffe_speedup(ref, std::vector<double>{1, -1});
      },
      "candidate cost at index 1 is negative");
  expect_input_error([&] { coffe_speedup(std::vector<double>{}, cand); }, "no reference costs");
}

TEST(Coffe, SpeedupNeedsPairedLists) {
  // Entry i of both lists covers the same stress tests of the same correct sample.
  expect_input_error(
      [] {
        coffe_speedup(std::vector<double>{100, 300}, std::vector<double>{50});
      },
      "2 reference costs but 1 candidate costs");
}

// ---- PIE -----------------------------------------------------------------------------------

TEST(Pie, BestAtKTakesTheCheapestCorrectAmongTheFirstK) {
  const std::vector<PieGeneration> g{{false, 10}, {true, 80}, {true, 60}, {false, 1}, {true, 20}};
  EXPECT_FALSE(pie_best_at_k(g, 1).has_value());  // the only one is incorrect
  EXPECT_EQ(pie_best_at_k(g, 2), 80.0);
  EXPECT_EQ(pie_best_at_k(g, 4), 60.0);  // the incorrect cost-1 generation is infinite
  EXPECT_EQ(pie_best_at_k(g, 5), 20.0);
  expect_input_error([&] { pie_best_at_k(g, 6); }, "k=6 exceeds the number of generations n=5");
  expect_input_error([&] { pie_best_at_k(g, 0); }, "k=0");
  const std::vector<PieGeneration> negative{{true, -1}};
  expect_input_error([&] { pie_best_at_k(negative, 1); }, "cost of generation 0 is negative");
  const std::vector<PieGeneration> nan_cost{{false, 1}, {true, std::nan("")}};
  expect_input_error([&] { pie_best_at_k(nan_cost, 2); }, "cost of generation 1 is NaN");
}

TEST(Pie, SpeedupIsAtLeastOne) {
  EXPECT_DOUBLE_EQ(pie_speedup(100, 40.0), 2.5);
  EXPECT_EQ(pie_speedup(100, 150.0), 1.0);  // slower than the source
  EXPECT_EQ(pie_speedup(100, std::nullopt), 1.0);
  expect_input_error([] { pie_speedup(0, 1.0); }, "source cost is zero");
  expect_input_error([] { pie_speedup(100, -1.0); }, "best@k cost is negative");
  expect_input_error([] { pie_speedup(100, std::nan("")); }, "best@k cost is NaN");
}

TEST(Pie, SummaryPercentages) {
  const std::vector<PieProgram> programs{
      {110, 100.0},        // exactly 1.10: counts as optimized
      {100, 50.0},         // 2x
      {100, 8.0},          // 12.5x
      {100, 200.0},        // slower: speedup 1, correct
      {100, std::nullopt}  // no correct generation
  };
  const PieSummary s = pie_summary(programs);
  EXPECT_NEAR(s.mean_speedup, (1.1 + 2 + 12.5 + 1 + 1) / 5, 1e-12);
  EXPECT_DOUBLE_EQ(s.pct_opt, 60.0);
  EXPECT_DOUBLE_EQ(s.pct_correct, 80.0);
  ASSERT_EQ(s.pct_at.size(), 7u);
  EXPECT_DOUBLE_EQ(s.pct_at.at(1.10), 60.0);
  EXPECT_DOUBLE_EQ(s.pct_at.at(1.25), 40.0);
  EXPECT_DOUBLE_EQ(s.pct_at.at(1.5), 40.0);  // 2x and 12.5x
  EXPECT_DOUBLE_EQ(s.pct_at.at(2.0), 40.0);
  EXPECT_DOUBLE_EQ(s.pct_at.at(3.0), 20.0);
  EXPECT_DOUBLE_EQ(s.pct_at.at(5.0), 20.0);  // 12.5x only
  EXPECT_DOUBLE_EQ(s.pct_at.at(10.0), 20.0);
  expect_input_error([] { pie_summary(std::vector<PieProgram>{}); }, "no programs");
}

// ---- EffiBench -----------------------------------------------------------------------------

TEST(EffiBench, TrapezoidalMemoryTimeIntegral) {
  // 0..1 s at 10 -> 20 MiB: 15; 1..3 s flat 20: 40; 3..3.5 s 20 -> 0: 5. Total 60 MiB*s.
  const std::vector<MemorySample> s{{0, 10}, {1, 20}, {3, 20}, {3.5, 0}};
  EXPECT_DOUBLE_EQ(memory_time_integral(s), 60.0);
  EXPECT_EQ(memory_time_integral(std::vector<MemorySample>{{0.5, 7}}), 0.0);
  expect_input_error(
      [] {
        memory_time_integral(std::vector<MemorySample>{{1, 1}, {0.5, 1}});
      },
      "sample 1 goes back in time");
  expect_input_error(
      [] {
        memory_time_integral(std::vector<MemorySample>{{0, std::nan("")}});
      },
      "memory of sample 0 is NaN");
  expect_input_error([] { memory_time_integral(std::vector<MemorySample>{}); },
                     "no memory samples");
  expect_input_error(
      [] {
        memory_time_integral(std::vector<MemorySample>{{-1, 1}});
      },
      "time of memory sample 0 is negative");
}

TEST(EffiBench, MeanOfRatiosAndRatioOfSums) {
  const std::vector<EffiPair> tasks{
      {{2.0, 30, 40}, {1.0, 10, 10}},  // ratios 2, 3, 4
      {{1.0, 10, 10}, {4.0, 20, 40}},  // ratios 0.25, 0.5, 0.25
  };
  const EffiSummary s = effibench(tasks);
  EXPECT_DOUBLE_EQ(s.mean_of_ratios.net, 1.125);
  EXPECT_DOUBLE_EQ(s.mean_of_ratios.nmu, 1.75);
  EXPECT_DOUBLE_EQ(s.mean_of_ratios.ntmu, 2.125);
  EXPECT_DOUBLE_EQ(s.ratio_of_sums.net, 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(s.ratio_of_sums.nmu, 40.0 / 30.0);
  EXPECT_DOUBLE_EQ(s.ratio_of_sums.ntmu, 50.0 / 50.0);
}

TEST(EffiBench, RejectsZeroCanonicalAndEmptyInput) {
  const std::vector<EffiPair> zero{{{1, 1, 1}, {0, 1, 1}}};
  expect_input_error([&] { effibench(zero); }, "canonical time of task 0 is zero");
  expect_input_error([] { effibench(std::vector<EffiPair>{}); }, "no tasks");
  const std::vector<EffiPair> negative{{{-1, 1, 1}, {1, 1, 1}}};
  expect_input_error([&] { effibench(negative); }, "candidate time of task 0 is negative");
  const std::vector<EffiPair> nan_peak{{{1, std::nan(""), 1}, {1, 1, 1}}};
  expect_input_error([&] { effibench(nan_peak); }, "candidate peak memory of task 0 is NaN");
  const std::vector<EffiPair> nan_integral{{{1, 1, std::nan("")}, {1, 1, 1}}};
  expect_input_error([&] { effibench(nan_integral); },
                     "candidate memory-time integral of task 0 is NaN");
}

}  // namespace
}  // namespace pj::metrics
