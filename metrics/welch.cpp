#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

namespace {

struct Moments {
  double n = 0;
  double mean = 0;
  double var = 0;  // unbiased sample variance
};

Moments moments(std::span<const double> xs) {
  Moments m;
  m.n = static_cast<double>(xs.size());
  m.mean = detail::plain_mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - m.mean) * (x - m.mean);
  m.var = ss / (m.n - 1);
  return m;
}

}  // namespace

TestResult welch_t_test(std::span<const double> a, std::span<const double> b) {
  if (a.size() < 2 || b.size() < 2) fail_input("welch_t_test: each sample needs at least 2 values");
  detail::require_finite(a, "welch_t_test: first sample value");
  detail::require_finite(b, "welch_t_test: second sample value");
  const Moments ma = moments(a);
  const Moments mb = moments(b);
  const double va = ma.var / ma.n;
  const double vb = mb.var / mb.n;
  const double diff = ma.mean - mb.mean;
  if (va + vb == 0) {
    // Both samples constant (e.g. exact instruction counts): the difference is certain.
    if (diff == 0) return {0.0, 1.0};
    return {std::copysign(std::numeric_limits<double>::infinity(), diff), 0.0};
  }
  const double t = diff / std::sqrt(va + vb);
  // Welch-Satterthwaite degrees of freedom.
  const double df = (va + vb) * (va + vb) / (va * va / (ma.n - 1) + vb * vb / (mb.n - 1));
  const boost::math::students_t dist(df);
  const double p = 2.0 * boost::math::cdf(boost::math::complement(dist, std::abs(t)));
  return {t, std::min(1.0, p)};
}

}  // namespace pj::metrics
