#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

std::optional<double> pie_best_at_k(std::span<const PieGeneration> generations, std::int64_t k) {
  const auto n = static_cast<std::int64_t>(generations.size());
  if (k < 1) fail_input(fmt::format("PIE best@k: k={} must be at least 1", k));
  if (k > n)
    fail_input(fmt::format("PIE best@k: k={} exceeds the number of generations n={}", k, n));
  std::optional<double> best;
  for (std::int64_t i = 0; i < k; ++i) {
    const PieGeneration& g = generations[static_cast<std::size_t>(i)];
    if (!g.correct) continue;  // an incorrect generation costs +infinity
    detail::require_nonnegative(g.cost, fmt::format("PIE best@k: cost of generation {}", i));
    best = best ? std::min(*best, g.cost) : g.cost;
  }
  return best;
}

double pie_speedup(double source_cost, std::optional<double> best_cost) {
  detail::require_positive(source_cost, "PIE speedup: source cost");
  if (!best_cost) return 1.0;
  detail::require_positive(*best_cost, "PIE speedup: best@k cost");
  return std::max(1.0, source_cost / *best_cost);
}

PieSummary pie_summary(std::span<const PieProgram> programs) {
  if (programs.empty()) fail_input("PIE: no programs given");
  const auto& thresholds = pie_thresholds;
  PieSummary out;
  std::array<std::size_t, thresholds.size()> hits{};
  double speedup_sum = 0;
  std::size_t correct = 0;
  for (const PieProgram& p : programs) {
    const double s = pie_speedup(p.source_cost, p.best_cost);
    speedup_sum += s;
    if (p.best_cost) ++correct;
    for (std::size_t i = 0; i < thresholds.size(); ++i)
      if (s >= thresholds[i]) ++hits[i];
  }
  const auto n = static_cast<double>(programs.size());
  out.mean_speedup = speedup_sum / n;
  for (std::size_t i = 0; i < thresholds.size(); ++i)
    out.pct_at[thresholds[i]] = 100.0 * static_cast<double>(hits[i]) / n;
  out.pct_opt = out.pct_at[thresholds[0]];
  out.pct_correct = 100.0 * static_cast<double>(correct) / n;
  return out;
}

}  // namespace pj::metrics
