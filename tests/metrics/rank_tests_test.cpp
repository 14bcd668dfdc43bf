// Reference p-values: exact ones come from enumerating the null distribution by hand (small
// tables) or with exact integer arithmetic; the tied/asymptotic ones are the scipy.stats
// documentation examples or the textbook formulas evaluated independently.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "metrics/metrics.hpp"
#include "tests/metrics/expect_error.hpp"

namespace pj::metrics {
namespace {

using testing::expect_input_error;

// ---- Mann-Whitney U ------------------------------------------------------------------------

TEST(MannWhitney, CompleteSeparationOfThreeAgainstThree) {
  // U = 0; P(U <= 0) = 1/C(6,3) = 1/20, two-sided 0.1.
  const std::vector<double> a{1, 2, 3};
  const std::vector<double> b{4, 5, 6};
  const TestResult r = mann_whitney_u(a, b);
  EXPECT_EQ(r.statistic, 0.0);
  EXPECT_NEAR(r.p_value, 0.1, 1e-12);
  const TestResult flipped = mann_whitney_u(b, a);
  EXPECT_EQ(flipped.statistic, 9.0);  // U of the first sample
  EXPECT_NEAR(flipped.p_value, 0.1, 1e-12);
}

TEST(MannWhitney, ScipyDocumentationExampleIsExact) {
  // scipy.stats.mannwhitneyu(males, females): U1 = 17, p = 0.1111111111111111 (exact).
  const std::vector<double> males{19, 22, 16, 29, 24};
  const std::vector<double> females{20, 11, 17, 12};
  const TestResult r = mann_whitney_u(males, females);
  EXPECT_EQ(r.statistic, 17.0);
  EXPECT_NEAR(r.p_value, 0.1111111111111111, 1e-12);
}

TEST(MannWhitney, MatchesTheCriticalValueTableForFiveAndFive) {
  // U distribution for m = n = 5 starts 1, 1, 2, 3, 5 (of 252): the tabled two-sided 5%
  // critical value is 2 (p = 8/252) while U = 3 gives 14/252 > 0.05.
  const std::vector<double> a{1, 2, 4, 5, 6};
  const std::vector<double> b{3, 7, 8, 9, 10};  // pairs a > b: 4>3, 5>3, 6>3 -> U = 3
  const TestResult r3 = mann_whitney_u(a, b);
  EXPECT_EQ(r3.statistic, 3.0);
  EXPECT_NEAR(r3.p_value, 14.0 / 252.0, 1e-12);
  const std::vector<double> a2{1, 2, 3, 5, 6};
  const std::vector<double> b2{4, 7, 8, 9, 10};  // 5>4, 6>4 -> U = 2
  const TestResult r2 = mann_whitney_u(a2, b2);
  EXPECT_EQ(r2.statistic, 2.0);
  EXPECT_NEAR(r2.p_value, 8.0 / 252.0, 1e-12);
}

TEST(MannWhitney, ExactForTwentyAgainstTwenty) {
  // Exact integer enumeration of the null: p = 0.009483607191205005.
  std::vector<double> a;
  std::vector<double> b;
  for (int i = 0; i < 20; ++i) {
    a.push_back(i);
    b.push_back(i + 5.5);
  }
  const TestResult r = mann_whitney_u(a, b);
  EXPECT_EQ(r.statistic, 105.0);
  EXPECT_NEAR(r.p_value, 0.009483607191205005, 1e-12);
}

TEST(MannWhitney, NormalApproximationWithTieCorrection) {
  // Ties force the approximation: sigma^2 = mn/12 ((N+1) - sum(t^3 - t)/(N(N-1))), with a 0.5
  // continuity correction (scipy's default): U = 3.5, p = 0.012999854364387314.
  const std::vector<double> a{1, 2, 2, 3, 3, 3, 4};
  const std::vector<double> b{3, 4, 4, 5, 5, 6};
  const TestResult r = mann_whitney_u(a, b);
  EXPECT_EQ(r.statistic, 3.5);
  EXPECT_NEAR(r.p_value, 0.012999854364387314, 1e-12);
}

TEST(MannWhitney, NormalApproximationForLargeSamples) {
  // 50 against 50: normal approximation p = 0.001209423107033346 (the exact one is 0.001055).
  std::vector<double> a;
  std::vector<double> b;
  for (int i = 0; i < 50; ++i) {
    a.push_back(i);
    b.push_back(i + 10.5);
  }
  const TestResult r = mann_whitney_u(a, b);
  EXPECT_EQ(r.statistic, 780.0);
  EXPECT_NEAR(r.p_value, 0.001209423107033346, 1e-12);
}

TEST(MannWhitney, AllTiedGivesNoEvidence) {
  const std::vector<double> a{2, 2, 2};
  const std::vector<double> b{2, 2};
  const TestResult r = mann_whitney_u(a, b);
  EXPECT_EQ(r.statistic, 3.0);
  EXPECT_EQ(r.p_value, 1.0);
}

TEST(MannWhitney, RejectsBadInput) {
  expect_input_error([] { mann_whitney_u(std::vector<double>{}, std::vector<double>{1}); },
                     "first sample is empty");
  expect_input_error(
      [] {
        mann_whitney_u(std::vector<double>{1}, std::vector<double>{1, std::nan("")});
      },
      "second sample value at index 1 is NaN");
}

// ---- Welch's t-test ------------------------------------------------------------------------

TEST(Welch, TextbookExample) {
  // The first example of Wikipedia's "Welch's t-test": t = -2.46, nu = 25.0, p = 0.021.
  // More digits: t = -2.45535639828601, p = 0.0213780 (t density integrated numerically).
  const std::vector<double> a1{27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
                               21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
  const std::vector<double> a2{27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
                               24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
  const TestResult r = welch_t_test(a1, a2);
  EXPECT_NEAR(r.statistic, -2.45535639828601, 1e-10);
  EXPECT_NEAR(r.p_value, 0.021378001462862062, 1e-7);
  const TestResult swapped = welch_t_test(a2, a1);
  EXPECT_NEAR(swapped.statistic, 2.45535639828601, 1e-10);
  EXPECT_NEAR(swapped.p_value, r.p_value, 1e-14);
}

TEST(Welch, ConstantSamples) {
  const std::vector<double> a{5, 5, 5};
  const std::vector<double> b{5, 5};
  EXPECT_EQ(welch_t_test(a, b).p_value, 1.0);
  const std::vector<double> c{7, 7, 7};
  const TestResult r = welch_t_test(a, c);
  EXPECT_EQ(r.p_value, 0.0);
  EXPECT_EQ(r.statistic, -std::numeric_limits<double>::infinity());
}

TEST(Welch, NeedsTwoValuesPerSample) {
  expect_input_error(
      [] {
        welch_t_test(std::vector<double>{1}, std::vector<double>{1, 2});
      },
      "at least 2");
  expect_input_error(
      [] {
        welch_t_test(std::vector<double>{1, std::nan("")}, std::vector<double>{1, 2});
      },
      "first sample value at index 1 is NaN");
}

// ---- Kendall's tau-b -----------------------------------------------------------------------

TEST(Kendall, HandComputedUntied) {
  // x = 1..5, y = 3 1 2 5 4: discordant pairs (1,2) (1,3) (4,5) -> 7 concordant, 3 discordant,
  // tau = 4/10. Exact p: P(I <= 3) for n = 5 is (1+4+9+15)/120, two-sided 58/120.
  const std::vector<double> x{1, 2, 3, 4, 5};
  const std::vector<double> y{3, 1, 2, 5, 4};
  const TestResult r = kendall_tau(x, y);
  EXPECT_NEAR(r.statistic, 0.4, 1e-15);
  EXPECT_NEAR(r.p_value, 58.0 / 120.0, 1e-12);
}

TEST(Kendall, PerfectAgreementOfFour) {
  const std::vector<double> x{1, 2, 3, 4};
  const std::vector<double> y{10, 20, 30, 40};
  const TestResult r = kendall_tau(x, y);
  EXPECT_EQ(r.statistic, 1.0);
  EXPECT_NEAR(r.p_value, 2.0 / 24.0, 1e-12);  // only the identity has 0 inversions
  const std::vector<double> rev{40, 30, 20, 10};
  EXPECT_EQ(kendall_tau(x, rev).statistic, -1.0);
}

TEST(Kendall, TauBWithTiesMatchesScipyExample) {
  // scipy.stats.kendalltau docs: tau = -0.47140452079103173, p = 0.2827454599327748.
  // By hand: 2 concordant, 6 discordant, 2 pairs tied in x, 1 in y;
  // tau_b = (2 - 6) / sqrt((10 - 2)(10 - 1)) = -4 / sqrt(72).
  const std::vector<double> x{12, 2, 1, 12, 2};
  const std::vector<double> y{1, 4, 7, 1, 0};
  const TestResult r = kendall_tau(x, y);
  EXPECT_NEAR(r.statistic, -4.0 / std::sqrt(72.0), 1e-15);
  EXPECT_NEAR(r.p_value, 0.2827454599327748, 1e-12);
}

TEST(Kendall, NormalApproximationAboveFiftyUntiedPairs) {
  // n = 60 with y_i = 31 i mod 60 (a permutation, as gcd(31, 60) = 1): 1095 concordant and 675
  // discordant pairs, S = 420, tau = 420 / 1770. Reference p evaluated independently in Python
  // (scipy unavailable) from var(S) = n(n-1)(2n+5)/18 and p = erfc(|S| / sqrt(2 var(S))), no
  // continuity correction: 0.007390200731373494.
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i < 60; ++i) {
    x.push_back(i);
    y.push_back((i * 31) % 60);
  }
  const TestResult r = kendall_tau(x, y);
  EXPECT_NEAR(r.statistic, 420.0 / 1770.0, 1e-15);
  EXPECT_NEAR(r.p_value, 0.007390200731373494, 1e-12);
}

TEST(Kendall, RejectsBadInput) {
  expect_input_error(
      [] {
        kendall_tau(std::vector<double>{1, 2}, std::vector<double>{1, 2, 3});
      },
      "x has 2 values but y has 3");
  expect_input_error(
      [] {
        kendall_tau(std::vector<double>{1, 1}, std::vector<double>{1, 2});
      },
      "constant");
  expect_input_error([] { kendall_tau(std::vector<double>{1}, std::vector<double>{1}); },
                     "at least 2");
  expect_input_error(
      [] {
        kendall_tau(std::vector<double>{1, 2, 3}, std::vector<double>{1, std::nan(""), 3});
      },
      "y value at index 1 is NaN");
}

}  // namespace
}  // namespace pj::metrics
