#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "metrics/metrics.hpp"
#include "tests/metrics/expect_error.hpp"

namespace pj::metrics {
namespace {

using testing::expect_input_error;

// C(n-c, k)/C(n, k) from exact integer binomials; only for small n, where nothing overflows.
double exact_pass_at_k(int n, int c, int k) {
  const auto binom = [](int a, int b) -> double {
    if (b < 0 || b > a) return 0;
    unsigned long long r = 1;
    for (int i = 1; i <= b; ++i) r = r * static_cast<unsigned long long>(a - b + i) / i;
    return static_cast<double>(r);
  };
  return 1.0 - binom(n - c, k) / binom(n, k);
}

TEST(PassAtK, PublishedVectors) {
  EXPECT_NEAR(pass_at_k(10, 3, 1), 0.3, 1e-12);
  EXPECT_NEAR(pass_at_k(10, 3, 5), 0.9166666667, 1e-10);
  EXPECT_EQ(pass_at_k(10, 8, 3), 1.0);
  EXPECT_NEAR(pass_at_k(200, 13, 10), 0.4975511147, 1e-10);
}

TEST(PassAtK, ExactlyOneWhenFewerThanKFailures) {
  EXPECT_EQ(pass_at_k(5, 5, 5), 1.0);
  EXPECT_EQ(pass_at_k(5, 3, 3), 1.0);  // n - c = 2 < 3
  EXPECT_LT(pass_at_k(5, 2, 3), 1.0);
}

TEST(PassAtK, EdgeCases) {
  EXPECT_EQ(pass_at_k(7, 0, 3), 0.0);
  EXPECT_EQ(pass_at_k(7, 0, 7), 0.0);  // n = k, nothing correct
  EXPECT_EQ(pass_at_k(7, 1, 7), 1.0);  // n = k, one correct
  EXPECT_NEAR(pass_at_k(4, 1, 1), 0.25, 1e-15);
}

TEST(PassAtK, MatchesExactBinomialsOnRandomSmallCases) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 500; ++trial) {
    const int n = std::uniform_int_distribution<int>(1, 30)(rng);
    const int c = std::uniform_int_distribution<int>(0, n)(rng);
    const int k = std::uniform_int_distribution<int>(1, n)(rng);
    EXPECT_NEAR(pass_at_k(n, c, k), exact_pass_at_k(n, c, k), 1e-12)
        << "n=" << n << " c=" << c << " k=" << k;
  }
}

TEST(PassAtK, StaysFiniteForThousandsOfSamples) {
  const double v = pass_at_k(5000, 40, 100);
  EXPECT_TRUE(std::isfinite(v));
  EXPECT_GT(v, 0.5);
  EXPECT_LT(v, 1.0);
}

TEST(PassAtK, RejectsInvalidInput) {
  expect_input_error([] { pass_at_k(5, 2, 6); }, "k=6 exceeds the number of samples n=5");
  expect_input_error([] { pass_at_k(5, 6, 1); }, "c=6");
  expect_input_error([] { pass_at_k(5, -1, 1); }, "c=-1");
  expect_input_error([] { pass_at_k(5, 1, 0); }, "k=0");
  expect_input_error([] { pass_at_k(0, 0, 1); }, "n=0");
}

TEST(EfficientAtK, IsPassAtKWithTheFastCount) {
  EXPECT_NEAR(efficient_at_k(10, 3, 1), 0.3, 1e-12);
  EXPECT_NEAR(efficient_at_k(200, 13, 10), pass_at_k(200, 13, 10), 1e-15);
  EXPECT_EQ(efficient_at_k(10, 0, 4), 0.0);
  expect_input_error([] { efficient_at_k(10, 11, 1); }, "efficient@k: c_fast=11");
  expect_input_error([] { efficient_at_k(3, 1, 4); }, "efficient@k: k=4 exceeds");
}

}  // namespace
}  // namespace pj::metrics
