#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <vector>

#include "metrics/check.hpp"
#include "metrics/exact_distributions.hpp"
#include "metrics/metrics.hpp"
#include "metrics/ranks.hpp"

namespace pj::metrics {

namespace {

double two_sided_normal_p(double z) {
  const boost::math::normal standard;
  return std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(standard, std::abs(z))));
}

// Two-sided exact p: twice the smaller tail, as scipy's method="exact" and R's wilcox.test.
double exact_p(double u, std::size_t m, std::size_t n) {
  const std::vector<double> cdf = detail::mann_whitney_cdf(m, n);
  const double mn = static_cast<double>(m * n);
  const auto tail_u = static_cast<std::size_t>(std::min(u, mn - u));
  return std::min(1.0, 2.0 * cdf[tail_u]);
}

// Normal approximation with the tie correction of the variance and a 0.5 continuity
// correction (the defaults of scipy.stats.mannwhitneyu and R's wilcox.test).
double normal_p(double u, double m, double n, const std::vector<double>& ties) {
  const double big_n = m + n;
  double tie_sum = 0;
  for (double t : ties) tie_sum += t * t * t - t;
  const double var = m * n / 12.0 * ((big_n + 1) - tie_sum / (big_n * (big_n - 1)));
  if (var <= 0) return 1.0;  // every value tied: no evidence of a shift
  const double z = std::max(0.0, std::abs(u - m * n / 2) - 0.5) / std::sqrt(var);
  return two_sided_normal_p(z);
}

}  // namespace

TestResult mann_whitney_u(std::span<const double> a, std::span<const double> b) {
  detail::require_nonempty(a, "mann_whitney_u: the first sample is empty");
  detail::require_nonempty(b, "mann_whitney_u: the second sample is empty");
  detail::require_finite(a, "mann_whitney_u: first sample value");
  detail::require_finite(b, "mann_whitney_u: second sample value");
  std::vector<double> pooled(a.begin(), a.end());
  pooled.insert(pooled.end(), b.begin(), b.end());
  const detail::Ranking r = detail::midranks(pooled);
  double rank_sum_a = 0;
  for (std::size_t i = 0; i < a.size(); ++i) rank_sum_a += r.ranks[i];
  const auto m = static_cast<double>(a.size());
  const auto n = static_cast<double>(b.size());
  const double u = rank_sum_a - m * (m + 1) / 2;
  const bool small = a.size() < detail::exact_rank_limit && b.size() < detail::exact_rank_limit;
  if (small && r.tie_groups.empty()) return {u, exact_p(u, a.size(), b.size())};
  return {u, normal_p(u, m, n, r.tie_groups)};
}

}  // namespace pj::metrics
