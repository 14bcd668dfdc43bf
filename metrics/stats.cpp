#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

namespace {

// Median of a scratch copy; nth_element keeps it O(n) for the large Walsh-average sets.
double median_in_place(std::vector<double>& v) {
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return lower + (upper - lower) / 2;
}

}  // namespace

double mean(std::span<const double> xs) {
  detail::require_nonempty(xs, "mean: no values given");
  detail::require_finite(xs, "mean: value");
  return detail::plain_mean(xs);
}

double median(std::span<const double> xs) {
  detail::require_nonempty(xs, "median: no values given");
  detail::require_finite(xs, "median: value");
  std::vector<double> v(xs.begin(), xs.end());
  return median_in_place(v);
}

double mad(std::span<const double> xs) {
  const double m = median(xs);
  std::vector<double> dev;
  dev.reserve(xs.size());
  for (double x : xs) dev.push_back(std::abs(x - m));
  return median_in_place(dev);
}

std::optional<double> coefficient_of_variation(std::span<const double> xs) {
  if (xs.size() < 2) return std::nullopt;
  detail::require_finite(xs, "coefficient_of_variation: value");
  const double m = mean(xs);
  if (m == 0) return std::nullopt;
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(xs.size() - 1)) / std::abs(m);
}

double detectable_change(double cv, std::size_t n, double alpha) {
  if (n < 2) fail_input("detectable_change: needs at least 2 repeats per side");
  detail::require_nonnegative(cv, "detectable_change: cv");
  if (!(alpha > 0 && alpha < 1)) fail_input("detectable_change: alpha must be in (0, 1)");
  const double z = boost::math::quantile(boost::math::normal(), 1 - alpha / 2);
  return z * std::sqrt(std::acos(-1.0) / 2) * cv * std::sqrt(2.0 / static_cast<double>(n));
}

std::vector<std::size_t> mad_outliers(std::span<const double> xs, double z) {
  std::vector<std::size_t> out;
  if (xs.empty()) return out;
  const double m = median(xs), d = mad(xs);
  if (d == 0) return out;
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (std::abs(0.6745 * (xs[i] - m) / d) > z) out.push_back(i);
  return out;
}

double hodges_lehmann(std::span<const double> xs) {
  detail::require_nonempty(xs, "hodges_lehmann: no values given");
  detail::require_finite(xs, "hodges_lehmann: value");
  // ENAMEL's calc_exec_time: the diagonal (a == b) is included, so n(n+1)/2 averages.
  std::vector<double> walsh;
  walsh.reserve(xs.size() * (xs.size() + 1) / 2);
  for (std::size_t a = 0; a < xs.size(); ++a)
    for (std::size_t b = a; b < xs.size(); ++b) walsh.push_back(xs[a] / 2 + xs[b] / 2);
  return median_in_place(walsh);
}

double geometric_mean(std::span<const double> xs) {
  detail::require_nonempty(xs, "geometric_mean: no values given");
  detail::require_positive(xs, "geometric_mean: value");
  double log_sum = 0;
  for (double x : xs) log_sum += std::log(x);
  return std::exp(log_sum / static_cast<double>(xs.size()));
}

}  // namespace pj::metrics
