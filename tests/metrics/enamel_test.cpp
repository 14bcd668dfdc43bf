#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "metrics/metrics.hpp"
#include "tests/metrics/expect_error.hpp"

namespace pj::metrics {
namespace {

using testing::expect_input_error;

// ---- per-test time: Hodges-Lehmann ----------------------------------------------------------

TEST(HodgesLehmann, PublishedVectors) {
  const std::vector<double> a{1.0, 1.1, 1.2, 5.0, 1.05, 1.15};
  EXPECT_NEAR(hodges_lehmann(a), 1.125, 1e-12);
  const std::vector<double> b{2, 2, 2, 2, 2, 9};
  EXPECT_EQ(hodges_lehmann(b), 2.0);
}

TEST(HodgesLehmann, IncludesTheDiagonal) {
  // Walsh averages of {0, 10} with a <= b: 0, 5, 10 -> median 5 (without the diagonal only 5).
  // {0, 1, 10}: 0, .5, 5, 1, 5.5, 10 -> sorted 0 .5 1 5 5.5 10 -> median 3; without the
  // diagonal {.5, 5, 5.5} it would be 5.
  const std::vector<double> xs{0, 1, 10};
  EXPECT_DOUBLE_EQ(hodges_lehmann(xs), 3.0);
  const std::vector<double> one{4.5};
  EXPECT_EQ(hodges_lehmann(one), 4.5);
}

TEST(HodgesLehmann, RejectsEmptyAndNaN) {
  expect_input_error([] { hodges_lehmann(std::vector<double>{}); }, "no values");
  expect_input_error(
      [] {
        hodges_lehmann(std::vector<double>{1, std::nan(""), 2});
      },
      "index 1 is NaN");
}

// ---- levels and per-sample scores ----------------------------------------------------------

std::vector<EnamelLevel> vector_levels() {
  // Level 0 (hardness 0) plus the three levels of the vector; T = 2 * 1.0.
  return {{0.002, 0}, {0.01, 3}, {0.1, 3}, {1.0, 4}};
}

TEST(Enamel, TimeLimitIsAlphaTimesTheWorstWeightedReference) {
  const auto levels = vector_levels();
  EXPECT_DOUBLE_EQ(enamel_time_limit(levels), 2.0);
  EXPECT_DOUBLE_EQ(enamel_time_limit(levels, 3.0), 3.0);
  // A slow level 0 does not count: its hardness is 0.
  const std::vector<EnamelLevel> slow0{{50.0, 0}, {0.5, 1}};
  EXPECT_DOUBLE_EQ(enamel_time_limit(slow0), 1.0);
}

TEST(Enamel, PublishedSampleVector) {
  const auto levels = vector_levels();
  const std::vector<EnamelLevelResult> sample{{LevelOutcome::Passed, 0.001},
                                              {LevelOutcome::Passed, 0.05},
                                              {LevelOutcome::Passed, 0.4},
                                              {LevelOutcome::Passed, 1.5}};
  const EnamelScore s = enamel_sample_score(levels, sample);
  EXPECT_TRUE(s.passed);
  ASSERT_EQ(s.level_scores.size(), 4u);
  EXPECT_EQ(s.level_scores[0], 0.0);  // hardness 0: ENAMEL scores it 0
  EXPECT_NEAR(s.level_scores[1], 0.9798994975, 1e-10);
  EXPECT_NEAR(s.level_scores[2], 0.8421052632, 1e-10);
  EXPECT_NEAR(s.level_scores[3], 0.5, 1e-12);
  EXPECT_NEAR(s.score, 0.7466014282, 1e-10);
}

TEST(Enamel, TimeoutAtLevel3IsRightCensored) {
  const auto levels = vector_levels();
  const std::vector<EnamelLevelResult> sample{{LevelOutcome::Passed, 0.001},
                                              {LevelOutcome::Passed, 0.05},
                                              {LevelOutcome::Passed, 0.4},
                                              {LevelOutcome::Censored, 0}};
  const EnamelScore s = enamel_sample_score(levels, sample);
  EXPECT_TRUE(s.passed);
  EXPECT_EQ(s.level_scores[3], 0.0);
  EXPECT_NEAR(s.score, 0.5466014282, 1e-10);
}

TEST(Enamel, CensoringZeroesTheLevelAndEveryLaterOne) {
  const auto levels = vector_levels();
  const std::vector<EnamelLevelResult> sample{{LevelOutcome::Passed, 0.001},
                                              {LevelOutcome::Passed, 0.05},
                                              {LevelOutcome::Censored, 0},
                                              {LevelOutcome::Passed, 0.5}};
  const EnamelScore s = enamel_sample_score(levels, sample);
  EXPECT_TRUE(s.passed);
  EXPECT_EQ(s.level_scores[2], 0.0);
  EXPECT_EQ(s.level_scores[3], 0.0);
  EXPECT_NEAR(s.score, 3 * 0.9798994975 / 10, 1e-10);
}

TEST(Enamel, FailureAtLevel0OrAWrongAnswerFailsTheSample) {
  const auto levels = vector_levels();
  const std::vector<EnamelLevelResult> timeout0{{LevelOutcome::Censored, 0},
                                                {LevelOutcome::Passed, 0.05},
                                                {LevelOutcome::Passed, 0.4},
                                                {LevelOutcome::Passed, 1.5}};
  const EnamelScore a = enamel_sample_score(levels, timeout0);
  EXPECT_FALSE(a.passed);
  EXPECT_EQ(a.score, 0.0);
  const std::vector<EnamelLevelResult> wrong2{{LevelOutcome::Passed, 0.001},
                                              {LevelOutcome::Passed, 0.05},
                                              {LevelOutcome::Failed, 0},
                                              {LevelOutcome::Passed, 1.5}};
  const EnamelScore b = enamel_sample_score(levels, wrong2);
  EXPECT_FALSE(b.passed);
  EXPECT_EQ(b.score, 0.0);
  for (double e : b.level_scores) EXPECT_EQ(e, 0.0);
  const std::vector<EnamelLevelResult> wrong_after_timeout{{LevelOutcome::Passed, 0.001},
                                                           {LevelOutcome::Censored, 0},
                                                           {LevelOutcome::Failed, 0},
                                                           {LevelOutcome::Passed, 1.5}};
  EXPECT_FALSE(enamel_sample_score(levels, wrong_after_timeout).passed);
}

TEST(Enamel, FasterThanTheReferenceScoresAboveOne) {
  const std::vector<EnamelLevel> levels{{0.001, 0}, {1.0, 1}};
  const std::vector<EnamelLevelResult> fast{{LevelOutcome::Passed, 0}, {LevelOutcome::Passed, 0.5}};
  // T = 2: (2 - 0.5) / (2 - 1) = 1.5
  EXPECT_DOUBLE_EQ(enamel_sample_score(levels, fast).score, 1.5);
  const std::vector<EnamelLevelResult> slow{{LevelOutcome::Passed, 0}, {LevelOutcome::Passed, 3.0}};
  EXPECT_EQ(enamel_sample_score(levels, slow).score, 0.0);  // beyond T: clamped at 0
  EXPECT_TRUE(enamel_sample_score(levels, slow).passed);
}

TEST(Enamel, RejectsMalformedLevels) {
  const auto levels = vector_levels();
  const std::vector<EnamelLevelResult> short_sample{{LevelOutcome::Passed, 0.1}};
  expect_input_error([&] { enamel_sample_score(levels, short_sample); },
                     "1 level results but the task has 4 levels");
  expect_input_error([&] { enamel_time_limit(levels, 1.0); }, "alpha=1");
  expect_input_error([&] { enamel_time_limit(levels, std::nan("")); }, "alpha=nan");
  const std::vector<EnamelLevel> negative_hardness{{1.0, 0}, {2.0, -1}};
  expect_input_error([&] { enamel_time_limit(negative_hardness); },
                     "hardness of level 1 is negative");
  const std::vector<EnamelLevel> unweighted{{1.0, 0}, {2.0, 0}};
  expect_input_error([&] { enamel_time_limit(unweighted); }, "hardness 0");
  const std::vector<EnamelLevel> negative{{1.0, 0}, {-2.0, 1}};
  expect_input_error([&] { enamel_time_limit(negative); }, "reference time of level 1");
  const std::vector<EnamelLevelResult> nan_time{{LevelOutcome::Passed, 0.001},
                                                {LevelOutcome::Passed, std::nan("")},
                                                {LevelOutcome::Passed, 0.4},
                                                {LevelOutcome::Passed, 1.5}};
  expect_input_error([&] { enamel_sample_score(levels, nan_time); }, "time of level 1 is NaN");
}

// ---- eff@k ---------------------------------------------------------------------------------

// The definition: the mean over all k-subsets of the subset's maximum score.
double brute_force_eff(const std::vector<double>& e, int k) {
  const int n = static_cast<int>(e.size());
  double sum = 0;
  int subsets = 0;
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    if (__builtin_popcount(mask) != k) continue;
    double best = -1;
    for (int i = 0; i < n; ++i)
      if (mask & (1u << i)) best = std::max(best, e[static_cast<std::size_t>(i)]);
    sum += best;
    ++subsets;
  }
  return sum / subsets;
}

TEST(EffAtK, PublishedVectors) {
  const std::vector<double> a{0.2, 0.9, 0, 0.5, 1.3};
  EXPECT_NEAR(eff_at_k(a, 1), 0.58, 1e-12);
  EXPECT_NEAR(eff_at_k(a, 2), 0.91, 1e-12);
  EXPECT_NEAR(eff_at_k(a, 3), 1.1, 1e-12);
  EXPECT_NEAR(eff_at_k(a, 5), 1.3, 1e-12);
  const std::vector<double> b{0, 0, 0.1, 0.35, 0.4, 0.62, 0.7, 0.81, 0.95, 1.05};
  EXPECT_NEAR(eff_at_k(b, 3), 0.8471666667, 1e-10);
}

TEST(EffAtK, EqualsTheMeanOfSubsetMaximaOnRandomCases) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> score(0.0, 1.6);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = std::uniform_int_distribution<int>(1, 10)(rng);
    const int k = std::uniform_int_distribution<int>(1, n)(rng);
    std::vector<double> e(static_cast<std::size_t>(n));
    for (double& x : e) x = trial % 3 == 0 ? std::round(score(rng) * 2) / 2 : score(rng);  // ties
    EXPECT_NEAR(eff_at_k(e, k), brute_force_eff(e, k), 1e-12) << "n=" << n << " k=" << k;
  }
}

TEST(EffAtK, WithZeroOneScoresEqualsPassAtK) {
  std::mt19937 rng(3);
  for (int n = 1; n <= 12; ++n) {
    for (int c = 0; c <= n; ++c) {
      std::vector<double> e(static_cast<std::size_t>(n), 0.0);
      std::fill_n(e.begin(), c, 1.0);
      std::shuffle(e.begin(), e.end(), rng);
      for (int k = 1; k <= n; ++k)
        EXPECT_NEAR(eff_at_k(e, k), pass_at_k(n, c, k), 1e-12) << n << ' ' << c << ' ' << k;
    }
  }
}

TEST(EffAtK, EdgeCases) {
  const std::vector<double> e{0.3, 0.7, 0.1, 0.9};
  EXPECT_DOUBLE_EQ(eff_at_k(e, 4), 0.9);  // n = k: the maximum
  const std::vector<double> zeros(6, 0.0);
  EXPECT_EQ(eff_at_k(zeros, 3), 0.0);
  const std::vector<double> ties(5, 0.4);
  EXPECT_DOUBLE_EQ(eff_at_k(ties, 2), 0.4);
  // The input order does not matter.
  const std::vector<double> shuffled{0.9, 0.1, 0.7, 0.3};
  EXPECT_DOUBLE_EQ(eff_at_k(e, 2), eff_at_k(shuffled, 2));
}

TEST(EffAtK, StableForThousandsOfSamples) {
  std::vector<double> e(5000);
  for (std::size_t i = 0; i < e.size(); ++i) e[i] = static_cast<double>(i % 100) / 100.0;
  const double v = eff_at_k(e, 100);
  EXPECT_TRUE(std::isfinite(v));
  EXPECT_LE(v, 0.99 + 1e-12);
  EXPECT_GT(v, 0.98);  // 50 copies of 0.99: a 100-subset almost surely contains one
  EXPECT_NEAR(eff_at_k(e, 1), 0.495, 1e-12);
}

TEST(EffAtK, RejectsInvalidInput) {
  const std::vector<double> five{0.1, 0.2, 0.3, 0.4, 0.5};
  expect_input_error([&] { eff_at_k(five, 6); }, "eff@k: k=6 exceeds the number of scores n=5");
  expect_input_error([&] { eff_at_k(five, 0); }, "k=0");
  expect_input_error([] { eff_at_k(std::vector<double>{}, 1); }, "no scores");
  expect_input_error(
      [] {
        eff_at_k(std::vector<double>{0.1, std::nan(""), 0.3}, 1);
      },
      "eff@k: score at index 1 is NaN");
  expect_input_error(
      [] {
        eff_at_k(std::vector<double>{0.1, 0.2, -0.5}, 1);
      },
      "eff@k: score at index 2 is negative");
  expect_input_error(
      [] { eff_at_k(std::vector<double>{std::numeric_limits<double>::infinity()}, 1); },
      "index 0 is infinite");
}

TEST(EffAtK, BenchmarkScoreIsTheUnweightedMeanOverProblems) {
  const std::vector<double> p1{0.2, 0.9, 0, 0.5, 1.3};
  const std::vector<double> p2{0, 0, 1, 1};
  const std::vector<double> per_problem{eff_at_k(p1, 2), eff_at_k(p2, 2)};
  EXPECT_NEAR(mean(per_problem), (0.91 + pass_at_k(4, 2, 2)) / 2, 1e-12);
}

}  // namespace
}  // namespace pj::metrics
