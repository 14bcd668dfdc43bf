#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "metrics/metrics.hpp"
#include "tests/metrics/expect_error.hpp"

namespace pj::metrics {
namespace {

using testing::expect_input_error;

TEST(RobustStats, MedianOddEvenAndUnsorted) {
  EXPECT_EQ(median(std::vector<double>{3, 1, 2}), 2.0);
  EXPECT_EQ(median(std::vector<double>{4, 1, 3, 2}), 2.5);
  EXPECT_EQ(median(std::vector<double>{7}), 7.0);
}

TEST(RobustStats, MadIsUnscaled) {
  // median 3; |x - 3| = 2 1 0 1 6 -> median 1 (no 1.4826 factor).
  EXPECT_EQ(mad(std::vector<double>{1, 2, 3, 4, 9}), 1.0);
  EXPECT_EQ(mad(std::vector<double>{5, 5, 5}), 0.0);
}

TEST(RobustStats, GeometricMean) {
  EXPECT_NEAR(geometric_mean(std::vector<double>{1, 4, 16}), 4.0, 1e-12);
  EXPECT_NEAR(geometric_mean(std::vector<double>{2, 8}), 4.0, 1e-12);
  expect_input_error([] { geometric_mean(std::vector<double>{1, 0}); }, "index 1 is zero");
  expect_input_error([] { geometric_mean(std::vector<double>{1, -2}); }, "index 1 is negative");
}

TEST(RobustStats, MeanAndRejections) {
  EXPECT_DOUBLE_EQ(mean(std::vector<double>{1, 2, 6}), 3.0);
  expect_input_error([] { median(std::vector<double>{}); }, "median: no values given");
  expect_input_error([] { mean(std::vector<double>{1, std::nan("")}); }, "index 1 is NaN");
  expect_input_error([] { mad(std::vector<double>{std::nan("")}); }, "index 0 is NaN");
}

TEST(RobustStats, QuantileInterpolatesBetweenOrderStatistics) {
  const std::vector<double> xs = {0, 0.01, 0.02, 0.30};
  EXPECT_DOUBLE_EQ(quantile_sorted(xs, 0), 0);
  EXPECT_DOUBLE_EQ(quantile_sorted(xs, 1), 0.30);
  EXPECT_NEAR(quantile_sorted(xs, 0.95), 0.02 + 0.85 * 0.28, 1e-12);  // h = 2.85
  EXPECT_DOUBLE_EQ(quantile_sorted(std::vector<double>{7}, 0.5), 7);
}

// z(0.975) * sqrt(pi/2) * cv * sqrt(2/n) = 1.959964 * 1.253314 * cv * sqrt(2/n).
TEST(NoiseFloorStat, DetectableChangeScalesWithCvAndRepeats) {
  EXPECT_NEAR(detectable_change(0.01, 9, 0.05), 1.959964 * 1.253314 * 0.01 * std::sqrt(2.0 / 9),
              1e-6);
  EXPECT_NEAR(detectable_change(0.02, 9, 0.05), 2 * detectable_change(0.01, 9, 0.05), 1e-12);
  EXPECT_NEAR(detectable_change(0.01, 36, 0.05), detectable_change(0.01, 9, 0.05) / 2, 1e-12);
  EXPECT_GT(detectable_change(0.01, 9, 0.01), detectable_change(0.01, 9, 0.05));
  EXPECT_EQ(detectable_change(0, 5, 0.05), 0.0);  // exact counts: any change shows
  expect_input_error([] { detectable_change(0.01, 1, 0.05); }, "at least 2 repeats");
  expect_input_error([] { detectable_change(-0.1, 5, 0.05); }, "detectable_change: cv");
  expect_input_error([] { detectable_change(0.01, 5, 1.5); }, "alpha must be in (0, 1)");
}

// ---- bootstrap -----------------------------------------------------------------------------

std::vector<double> per_task_values() {
  return {0.1, 0.4, 0.35, 0.8, 0.55, 0.2, 0.9, 0.65, 0.3, 0.5, 0.45, 0.7};
}

TEST(Bootstrap, ReproducibleWithAFixedSeedAndContainsThePointEstimate) {
  const auto v = per_task_values();
  const Interval a = bootstrap_mean_ci(v);
  const Interval b = bootstrap_mean_ci(v);
  EXPECT_EQ(a.lo, b.lo);
  EXPECT_EQ(a.hi, b.hi);
  const double m = mean(v);
  EXPECT_LT(a.lo, m);
  EXPECT_GT(a.hi, m);
  // Roughly mean +- 1.96 * sd / sqrt(n) = 0.4917 +- 0.13 for these values.
  EXPECT_GT(a.lo, 0.3);
  EXPECT_LT(a.hi, 0.7);
}

TEST(Bootstrap, GoldenIntervalMatchesAnIndependentReimplementation) {
  // tests/metrics/bootstrap_reference.py re-implements the rules from their definitions
  // (std::mt19937_64 checked against the standard's 10000th output, rejection-drawn indices,
  // in-order mean, type-7 quantiles) and prints this interval, so this is not a snapshot.
  const Interval ci = bootstrap_mean_ci(per_task_values());
  EXPECT_DOUBLE_EQ(ci.lo, 0.3541666666666667);
  EXPECT_DOUBLE_EQ(ci.hi, 0.6209374999999996);
}

TEST(Bootstrap, TheSeedAndTheConfidenceMatter) {
  const auto v = per_task_values();
  BootstrapOptions other;
  other.seed = 1;
  const Interval a = bootstrap_mean_ci(v);
  const Interval b = bootstrap_mean_ci(v, other);
  EXPECT_TRUE(a.lo != b.lo || a.hi != b.hi);
  BootstrapOptions narrow;
  narrow.confidence = 0.5;
  const Interval c = bootstrap_mean_ci(v, narrow);
  EXPECT_GT(c.lo, a.lo);
  EXPECT_LT(c.hi, a.hi);
}

TEST(Bootstrap, AnyStatistic) {
  const auto v = per_task_values();
  const Interval ci = bootstrap_ci(
      v, [](std::span<const double> xs) { return median(xs); }, BootstrapOptions{});
  EXPECT_LE(ci.lo, median(v));
  EXPECT_GE(ci.hi, median(v));
  // A constant statistic gives a degenerate interval.
  const Interval k = bootstrap_ci(v, [](std::span<const double>) { return 0.25; });
  EXPECT_EQ(k.lo, 0.25);
  EXPECT_EQ(k.hi, 0.25);
}

TEST(Bootstrap, ConstantDataGivesAPointInterval) {
  const std::vector<double> v(8, 0.6);
  const Interval ci = bootstrap_mean_ci(v);
  EXPECT_DOUBLE_EQ(ci.lo, 0.6);
  EXPECT_DOUBLE_EQ(ci.hi, 0.6);
}

TEST(Bootstrap, RejectsBadInput) {
  expect_input_error([] { bootstrap_mean_ci(std::vector<double>{}); }, "no per-task values");
  BootstrapOptions bad;
  bad.confidence = 1.0;
  expect_input_error([&] { bootstrap_mean_ci(std::vector<double>{1, 2}, bad); }, "confidence=1");
  BootstrapOptions none;
  none.resamples = 0;
  expect_input_error([&] { bootstrap_mean_ci(std::vector<double>{1, 2}, none); }, "resamples=0");
  expect_input_error(
      [] {
        bootstrap_ci(std::vector<double>{1, 2},
                     [](std::span<const double>) { return std::nan(""); });
      },
      "statistic returned nan");
  expect_input_error(
      [] {
        bootstrap_mean_ci(std::vector<double>{0.1, std::nan("")});
      },
      "per-task value at index 1 is NaN");
}

// ---- ratio estimate ------------------------------------------------------------------------

TEST(RatioEstimate, ExactScalingIsRecovered) {
  // b = 2a: the 25 pairwise ratios b_j/a_i are 2 a_j/a_i, whose median is 2. With m = n = 5
  // the 95% critical rank is C = 3 (P(U <= 2) = 4/252 < 0.025 <= P(U <= 3) = 7/252), so the
  // interval runs from the 3rd smallest ratio (2/3) to the 3rd largest (6).
  const std::vector<double> a{1, 2, 3, 4, 5};
  const std::vector<double> b{2, 4, 6, 8, 10};
  const RatioEstimate r = ratio_estimate(a, b);
  EXPECT_NEAR(r.ratio, 2.0, 1e-12);
  EXPECT_NEAR(r.ci.lo, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.ci.hi, 6.0, 1e-12);
}

TEST(RatioEstimate, HandComputedShift) {
  // Sorted ratios b_j/a_i: the 13th is 20/14, the 3rd is 15/13 and the 23rd is 18/10.
  const std::vector<double> a{10, 12, 11, 14, 13};
  const std::vector<double> b{15, 18, 16, 17, 20};
  const RatioEstimate r = ratio_estimate(a, b);
  EXPECT_NEAR(r.ratio, 20.0 / 14.0, 1e-12);
  EXPECT_NEAR(r.ci.lo, 15.0 / 13.0, 1e-12);
  EXPECT_NEAR(r.ci.hi, 18.0 / 10.0, 1e-12);
  const RatioEstimate wide = ratio_estimate(a, b, 0.99);
  EXPECT_LE(wide.ci.lo, r.ci.lo);
  EXPECT_GE(wide.ci.hi, r.ci.hi);
}

TEST(RatioEstimate, LargeSamplesUseTheNormalCriticalValue) {
  std::vector<double> a;
  std::vector<double> b;
  for (int i = 0; i < 60; ++i) {
    a.push_back(100 + i);
    b.push_back(1.5 * (100 + (i * 37) % 60));
  }
  const RatioEstimate r = ratio_estimate(a, b);
  EXPECT_NEAR(r.ratio, 1.5, 1e-12);
  EXPECT_LT(r.ci.lo, 1.5);
  EXPECT_GT(r.ci.hi, 1.5);
  EXPECT_GT(r.ci.lo, 1.3);  // 60 against 60 pins the ratio down
  EXPECT_LT(r.ci.hi, 1.7);
}

TEST(RatioEstimate, RejectsNonPositiveValues) {
  expect_input_error(
      [] {
        ratio_estimate(std::vector<double>{1, 0}, std::vector<double>{1});
      },
      "first sample value at index 1 is zero");
  expect_input_error([] { ratio_estimate(std::vector<double>{1}, std::vector<double>{1}, 1.5); },
                     "confidence=1.5");
  expect_input_error(
      [] {
        ratio_estimate(std::vector<double>{1}, std::vector<double>{2, std::nan("")});
      },
      "second sample value at index 1 is NaN");
}

TEST(Noise, CoefficientOfVariationIsTheSampleSdOverTheMean) {
  // mean 10, sample variance ((-1)^2 + 0 + 1^2) / 2 = 1
  EXPECT_DOUBLE_EQ(*coefficient_of_variation(std::vector<double>{9, 10, 11}), 0.1);
  EXPECT_DOUBLE_EQ(*coefficient_of_variation(std::vector<double>{5, 5, 5}), 0.0);
  EXPECT_FALSE(coefficient_of_variation(std::vector<double>{5}));  // one repeat: unknown
  EXPECT_FALSE(coefficient_of_variation(std::vector<double>{0, 0}));
  EXPECT_GT(*coefficient_of_variation(std::vector<double>{7.0, 7.2, 9.8}), kUnstableCv);
}

TEST(Noise, ModifiedZOutliersAreFlaggedNotDropped) {
  // median 10, MAD 0.5 (deviations 0.5 0 0.5 0.5 0 10): z of 20 is 0.6745 * 10 / 0.5 = 13.5
  const std::vector<double> xs = {9.5, 10, 10.5, 9.5, 10, 20};
  EXPECT_EQ(mad_outliers(xs), (std::vector<std::size_t>{5}));
  EXPECT_TRUE(mad_outliers(std::vector<double>{9.5, 10, 10.5, 11}).empty());
  // More than half equal: the MAD is 0 and z is undefined, so nothing is called an outlier.
  EXPECT_TRUE(mad_outliers(std::vector<double>{3, 3, 3, 100}).empty());
  EXPECT_TRUE(mad_outliers(std::vector<double>{}).empty());
}

}  // namespace
}  // namespace pj::metrics
