#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/exact_distributions.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

namespace {

// C: the 1-based order statistic of the m*n pairwise differences that bounds the
// distribution-free interval (Hollander & Wolfe; R's wilcox.test(conf.int = TRUE)): the
// smallest u with P(U <= u) >= alpha/2, at least 1. The interval is [D_(C), D_(mn+1-C)].
std::size_t critical_rank(std::size_t m, std::size_t n, double alpha) {
  std::size_t c = 0;
  if (m < detail::exact_rank_limit && n < detail::exact_rank_limit) {
    const std::vector<double> cdf = detail::mann_whitney_cdf(m, n);
    while (cdf[c] < alpha / 2) ++c;
  } else {
    // P(U <= u) ~ Phi((u + 0.5 - mn/2) / sigma), solved for the smallest integer u.
    const double mn = static_cast<double>(m * n);
    const double sigma = std::sqrt(mn * static_cast<double>(m + n + 1) / 12.0);
    const double z = boost::math::quantile(boost::math::normal(), 1 - alpha / 2);
    c = static_cast<std::size_t>(std::max(0.0, std::ceil(mn / 2 - 0.5 - z * sigma)));
  }
  return std::max<std::size_t>(c, 1);
}

}  // namespace

RatioEstimate ratio_estimate(std::span<const double> a, std::span<const double> b,
                             double confidence) {
  detail::require_nonempty(a, "ratio_estimate: the first sample is empty");
  detail::require_nonempty(b, "ratio_estimate: the second sample is empty");
  detail::require_positive(a, "ratio_estimate: first sample value");
  detail::require_positive(b, "ratio_estimate: second sample value");
  if (!(confidence > 0 && confidence < 1))
    fail_input(fmt::format("ratio_estimate: confidence={} must be in (0, 1)", confidence));
  std::vector<double> diffs;
  diffs.reserve(a.size() * b.size());
  for (double x : a)
    for (double y : b) diffs.push_back(std::log(y) - std::log(x));
  std::sort(diffs.begin(), diffs.end());
  // The shift is estimated in log space, so exp(median) is the median pairwise ratio b_j/a_i
  // (for an even count, the geometric mean of the two middle ratios).
  const std::size_t mid = diffs.size() / 2;
  const double shift =
      diffs.size() % 2 == 1 ? diffs[mid] : diffs[mid - 1] + (diffs[mid] - diffs[mid - 1]) / 2;
  const std::size_t c = critical_rank(a.size(), b.size(), 1 - confidence);
  const std::size_t lo = std::min(c, diffs.size()) - 1;
  const std::size_t hi = diffs.size() - std::min(c, diffs.size());
  return {std::exp(shift), {std::exp(diffs[lo]), std::exp(diffs[hi])}};
}

}  // namespace pj::metrics
