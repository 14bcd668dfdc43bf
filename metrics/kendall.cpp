#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/exact_distributions.hpp"
#include "metrics/metrics.hpp"
#include "metrics/ranks.hpp"

namespace pj::metrics {

namespace {

struct PairCounts {
  double concordant = 0;
  double discordant = 0;
  double tied_x = 0;  // pairs tied in x (including those tied in both)
  double tied_y = 0;
};

int sign(double d) {
  return (d > 0) - (d < 0);
}

// O(n^2) pair scan: Kendall's tau is used on leaderboards of tens of models, where clarity
// beats Knight's O(n log n) algorithm.
PairCounts count_pairs(std::span<const double> x, std::span<const double> y) {
  PairCounts c;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      const int sx = sign(x[i] - x[j]);
      const int sy = sign(y[i] - y[j]);
      if (sx == 0) c.tied_x += 1;
      if (sy == 0) c.tied_y += 1;
      if (sx * sy > 0) c.concordant += 1;
      if (sx * sy < 0) c.discordant += 1;
    }
  }
  return c;
}

struct TieSums {
  double t1 = 0;  // sum t(t-1)
  double t2 = 0;  // sum t(t-1)(t-2)
  double t5 = 0;  // sum t(t-1)(2t+5)
};

TieSums tie_sums(std::span<const double> xs) {
  TieSums s;
  for (double t : detail::midranks(xs).tie_groups) {
    s.t1 += t * (t - 1);
    s.t2 += t * (t - 1) * (t - 2);
    s.t5 += t * (t - 1) * (2 * t + 5);
  }
  return s;
}

// Variance of S = concordant - discordant under H0 with ties in both rankings (Kendall 1970,
// the same formula as scipy.stats.kendalltau's asymptotic method); no continuity correction.
double normal_p(double s, std::span<const double> x, std::span<const double> y) {
  const auto n = static_cast<double>(x.size());
  const TieSums tx = tie_sums(x);
  const TieSums ty = tie_sums(y);
  double var =
      (n * (n - 1) * (2 * n + 5) - tx.t5 - ty.t5) / 18.0 + tx.t1 * ty.t1 / (2.0 * n * (n - 1));
  if (x.size() > 2) var += tx.t2 * ty.t2 / (9.0 * n * (n - 1) * (n - 2));
  if (var <= 0) return 1.0;
  const boost::math::normal standard;
  const double z = std::abs(s) / std::sqrt(var);
  return std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(standard, z)));
}

// Untied: discordant pairs are the inversions of a random permutation under H0.
double exact_p(double discordant, std::size_t n) {
  const std::vector<double> cdf = detail::inversions_cdf(n);
  const double total = static_cast<double>(n * (n - 1) / 2);
  const auto tail = static_cast<std::size_t>(std::min(discordant, total - discordant));
  return std::min(1.0, 2.0 * cdf[tail]);
}

}  // namespace

TestResult kendall_tau(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size())
    fail_input(fmt::format("kendall_tau: x has {} values but y has {}", x.size(), y.size()));
  if (x.size() < 2) fail_input("kendall_tau: needs at least 2 pairs");
  detail::require_finite(x, "kendall_tau: x value");
  detail::require_finite(y, "kendall_tau: y value");
  const PairCounts c = count_pairs(x, y);
  const auto n = static_cast<double>(x.size());
  const double n0 = n * (n - 1) / 2;
  const double denom = std::sqrt((n0 - c.tied_x) * (n0 - c.tied_y));
  if (denom == 0) fail_input("kendall_tau: x or y is constant, so tau-b is undefined");
  const double s = c.concordant - c.discordant;
  const double tau = s / denom;
  const bool untied = c.tied_x == 0 && c.tied_y == 0;
  if (untied && x.size() <= detail::exact_rank_limit) return {tau, exact_p(c.discordant, x.size())};
  return {tau, normal_p(s, x, y)};
}

}  // namespace pj::metrics
