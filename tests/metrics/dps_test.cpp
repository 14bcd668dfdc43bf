#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "metrics/metrics.hpp"
#include "tests/metrics/expect_error.hpp"

namespace pj::metrics {
namespace {

using testing::expect_input_error;

// Worked by hand with w = 10,000 and base = 0.10:
//   sorted 1e6, 950k, 500k, 480k, 100k
//   1e6 -> 950k: gap 0.05 <= 0.1 + sqrt(1e4/1e6) = 0.2            same cluster
//   950k -> 500k: gap 0.4737 > 0.1 + sqrt(1e4/950k) = 0.2026       new cluster
//   500k -> 480k: gap 0.04 <= 0.2414                                same cluster
//   480k -> 100k: gap 0.7917 > 0.1 + sqrt(1e4/480k) = 0.2443       new cluster
// Clusters {1e6, 950k} {500k, 480k} {100k}: representatives 1e6, 500k, 100k; scores 40, 80, 100.
std::vector<double> pool() {
  return {500000, 100000, 1000000, 480000, 950000};
}

TEST(Dps, ClustersWorkedByHand) {
  const DpsClusters c = dps_clusters(pool());
  ASSERT_EQ(c.representatives.size(), 3u);
  EXPECT_EQ(c.representatives[0], 1000000.0);
  EXPECT_EQ(c.representatives[1], 500000.0);
  EXPECT_EQ(c.representatives[2], 100000.0);
  ASSERT_EQ(c.scores.size(), 3u);
  EXPECT_DOUBLE_EQ(c.scores[0], 40.0);
  EXPECT_DOUBLE_EQ(c.scores[1], 80.0);
  EXPECT_DOUBLE_EQ(c.scores[2], 100.0);
}

TEST(Dps, SampleMatchesTheFastestClusterItBeats) {
  const DpsClusters c = dps_clusters(pool());
  const DpsScore fastest = dps_score(c, 90000.0);
  EXPECT_DOUBLE_EQ(fastest.dps, 100.0);
  EXPECT_DOUBLE_EQ(fastest.dps_norm, 100.0);
  const DpsScore middle = dps_score(c, 300000.0);
  EXPECT_DOUBLE_EQ(middle.dps, 80.0);
  EXPECT_NEAR(middle.dps_norm, 200.0 / 3.0, 1e-12);
  const DpsScore tie = dps_score(c, 500000.0);  // x <= r_j includes equality
  EXPECT_DOUBLE_EQ(tie.dps, 80.0);
  const DpsScore slowest = dps_score(c, 999999.0);
  EXPECT_DOUBLE_EQ(slowest.dps, 40.0);
  EXPECT_NEAR(slowest.dps_norm, 100.0 / 3.0, 1e-12);
}

TEST(Dps, SlowerThanEveryReferenceOrFailedScoresZero) {
  const DpsClusters c = dps_clusters(pool());
  const DpsScore slow = dps_score(c, 1200000.0);
  EXPECT_EQ(slow.dps, 0.0);
  EXPECT_EQ(slow.dps_norm, 0.0);
  const DpsScore failed = dps_score(c, std::nullopt);
  EXPECT_EQ(failed.dps, 0.0);
  EXPECT_EQ(failed.dps_norm, 0.0);
}

TEST(Dps, TheSqrtTermMergesSmallCosts) {
  // Costs near 100: sqrt(1e4/100) = 10 dominates, no relative gap (< 1) can exceed it.
  const std::vector<double> small{100, 50, 10};
  EXPECT_EQ(dps_clusters(small).representatives.size(), 1u);
  // With w = 0 only the 10% base remains: 100 -> 50 (0.5) and 50 -> 10 (0.8) both split.
  DpsOptions no_w;
  no_w.w = 0;
  const DpsClusters c = dps_clusters(small, no_w);
  ASSERT_EQ(c.representatives.size(), 3u);
  EXPECT_NEAR(c.scores[0], 100.0 / 3.0, 1e-12);
  EXPECT_NEAR(c.scores[1], 200.0 / 3.0, 1e-12);
  // A larger base merges the first gap: 0.5 <= 0.6 but 0.8 > 0.6.
  DpsOptions base;
  base.w = 0;
  base.base = 0.6;
  EXPECT_EQ(dps_clusters(small, base).representatives.size(), 2u);
}

TEST(Dps, TheThresholdUsesTheSlowerNeighbourAndIsStrict) {
  // 400 -> 100: gap 0.75 > 0 + sqrt(100/400) = 0.5, a split; had the threshold used the faster
  // neighbour, sqrt(100/100) = 1 would merge them.
  DpsOptions w100;
  w100.w = 100;
  w100.base = 0;
  EXPECT_EQ(dps_clusters(std::vector<double>{400, 100}, w100).representatives.size(), 2u);
  // 100 -> 50: gap 0.5 is not above base 0.5 + sqrt(0/100): one cluster (the rule is >, not >=).
  DpsOptions edge;
  edge.w = 0;
  edge.base = 0.5;
  EXPECT_EQ(dps_clusters(std::vector<double>{100, 50}, edge).representatives.size(), 1u);
}

TEST(Dps, DefaultMinCorrectIsATenthOfTheSamplesAtLeastOne) {
  EXPECT_EQ(dps_default_min_correct(100), 10u);  // EvalPerf's 10 of 100
  EXPECT_EQ(dps_default_min_correct(200), 20u);
  EXPECT_EQ(dps_default_min_correct(25), 2u);
  EXPECT_EQ(dps_default_min_correct(19), 1u);
  EXPECT_EQ(dps_default_min_correct(5), 1u);
  EXPECT_EQ(dps_default_min_correct(0), 1u);
}

TEST(Dps, EqualCostsFormOneCluster) {
  const std::vector<double> same(4, 1e6);
  const DpsClusters c = dps_clusters(same);
  ASSERT_EQ(c.representatives.size(), 1u);
  EXPECT_DOUBLE_EQ(c.scores[0], 100.0);
  EXPECT_DOUBLE_EQ(dps_score(c, 1e6).dps, 100.0);
}

TEST(Dps, OverallIsTheMeanOverTasksWithEnoughCorrectSamples) {
  std::vector<DpsTask> tasks(3);
  tasks[0].correct_sample_scores = {{100, 100}, {80, 50}};  // mean 90, 75
  tasks[1].correct_sample_scores = {{40, 25}, {60, 75}};    // mean 50, 50
  tasks[2].correct_sample_scores = {{100, 100}};            // too few at min_correct 2
  const auto overall = dps_overall(tasks, 2);
  ASSERT_TRUE(overall.has_value());
  EXPECT_DOUBLE_EQ(overall->dps, 70.0);
  EXPECT_DOUBLE_EQ(overall->dps_norm, 62.5);
  const auto all = dps_overall(tasks, 1);
  ASSERT_TRUE(all.has_value());
  EXPECT_DOUBLE_EQ(all->dps, (90.0 + 50.0 + 100.0) / 3);
  EXPECT_FALSE(dps_overall(tasks, 3).has_value());
  std::vector<DpsTask> empty(2);
  EXPECT_FALSE(dps_overall(empty, 0).has_value());  // no correct sample: no mean
}

TEST(Dps, RejectsBadInput) {
  expect_input_error([] { dps_clusters(std::vector<double>{}); }, "pool is empty");
  expect_input_error(
      [] {
        dps_clusters(std::vector<double>{5, 0});
      },
      "pool cost at index 1 is zero");
  expect_input_error([] { dps_clusters(std::vector<double>{5, std::nan("")}); }, "index 1 is NaN");
  const DpsClusters c = dps_clusters(pool());
  expect_input_error([&] { dps_score(c, -1.0); }, "sample cost is negative");
  expect_input_error([] { dps_score(DpsClusters{}, 1.0); }, "malformed clusters");
  DpsOptions negative_w;
  negative_w.w = -1;
  expect_input_error([&] { dps_clusters(pool(), negative_w); }, "DPS: w is negative");
  DpsOptions nan_w;
  nan_w.w = std::nan("");
  expect_input_error([&] { dps_clusters(pool(), nan_w); }, "DPS: w is NaN");
  DpsOptions negative_base;
  negative_base.base = -0.1;
  expect_input_error([&] { dps_clusters(pool(), negative_base); }, "DPS: base is negative");
  DpsOptions nan_base;
  nan_base.base = std::nan("");
  expect_input_error([&] { dps_clusters(pool(), nan_base); }, "DPS: base is NaN");
}

}  // namespace
}  // namespace pj::metrics
