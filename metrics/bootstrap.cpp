#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

namespace {

// Uniform index in [0, n) by rejection from the raw engine output. std::uniform_int_distribution
// is implementation-defined, so using it would make a seeded CI differ between standard
// libraries; mt19937_64's output sequence is fixed by the standard, and so is this.
std::size_t draw_index(std::mt19937_64& rng, std::size_t n) {
  const std::uint64_t range = n;
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
  std::uint64_t r = rng();
  while (r >= limit) r = rng();
  return static_cast<std::size_t>(r % range);
}

void check_options(const BootstrapOptions& opt) {
  if (opt.resamples < 1)
    fail_input(fmt::format("bootstrap: resamples={} must be at least 1", opt.resamples));
  if (!(opt.confidence > 0 && opt.confidence < 1))
    fail_input(fmt::format("bootstrap: confidence={} must be in (0, 1)", opt.confidence));
}

}  // namespace

// Linear interpolation between order statistics (Hyndman-Fan type 7, numpy's default).
double quantile_sorted(std::span<const double> sorted, double p) {
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Interval bootstrap_ci(std::span<const double> per_task, const Statistic& stat,
                      const BootstrapOptions& opt) {
  detail::require_nonempty(per_task, "bootstrap: no per-task values given");
  detail::require_finite(per_task, "bootstrap: per-task value");
  check_options(opt);
  std::mt19937_64 rng(opt.seed);
  std::vector<double> resample(per_task.size());
  std::vector<double> stats;
  stats.reserve(static_cast<std::size_t>(opt.resamples));
  for (int b = 0; b < opt.resamples; ++b) {
    for (double& x : resample) x = per_task[draw_index(rng, per_task.size())];
    const double s = stat(resample);
    if (!std::isfinite(s))
      fail_input(fmt::format("bootstrap: the statistic returned {} on resample {}", s, b));
    stats.push_back(s);
  }
  std::sort(stats.begin(), stats.end());
  const double tail = (1 - opt.confidence) / 2;
  return {quantile_sorted(stats, tail), quantile_sorted(stats, 1 - tail)};
}

Interval bootstrap_mean_ci(std::span<const double> per_task, const BootstrapOptions& opt) {
  return bootstrap_ci(
      per_task, [](std::span<const double> xs) { return detail::plain_mean(xs); }, opt);
}

}  // namespace pj::metrics
