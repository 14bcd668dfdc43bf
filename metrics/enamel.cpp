#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

namespace {

void check_levels(std::span<const EnamelLevel> levels, double alpha) {
  if (levels.empty()) fail_input("ENAMEL: no levels given");
  if (!(alpha > 1) || std::isinf(alpha))
    fail_input(fmt::format("ENAMEL: alpha={} must be a finite number above 1", alpha));
  bool any_weight = false;
  for (std::size_t l = 0; l < levels.size(); ++l) {
    detail::require_nonnegative(levels[l].reference_time,
                                fmt::format("ENAMEL: reference time of level {}", l));
    detail::require_nonnegative(levels[l].hardness, fmt::format("ENAMEL: hardness of level {}", l));
    any_weight = any_weight || levels[l].hardness > 0;
  }
  if (!any_weight) fail_input("ENAMEL: every level has hardness 0");
}

// e_l = max(0, T - t_l) / (T - T*_l). ENAMEL gives levels with h_l = 0 the reference -inf, so
// their e_l is 0 whatever the time; we keep that (the weight is 0 anyway).
double level_score(const EnamelLevel& level, double time, double limit) {
  if (level.hardness == 0) return 0.0;
  return std::max(0.0, limit - time) / (limit - level.reference_time);
}

}  // namespace

double enamel_time_limit(std::span<const EnamelLevel> levels, double alpha) {
  check_levels(levels, alpha);
  double worst = 0;
  for (const EnamelLevel& l : levels)
    if (l.hardness > 0) worst = std::max(worst, l.reference_time);
  if (worst == 0) fail_input("ENAMEL: every weighted level has reference time 0");
  return alpha * worst;
}

EnamelScore enamel_sample_score(std::span<const EnamelLevel> levels,
                                std::span<const EnamelLevelResult> sample, double alpha) {
  const double limit = enamel_time_limit(levels, alpha);
  if (sample.size() != levels.size())
    fail_input(fmt::format("ENAMEL: the sample has {} level results but the task has {} levels",
                           sample.size(), levels.size()));
  EnamelScore out;
  out.level_scores.assign(levels.size(), 0.0);
  // A wrong answer anywhere means incorrect code (the paper's definition), even at a level
  // ENAMEL's own runner would have skipped after a timeout; so it is checked first.
  for (std::size_t l = 0; l < sample.size(); ++l)
    if (sample[l].outcome == LevelOutcome::Failed) return out;
  if (sample[0].outcome == LevelOutcome::Censored) return out;  // level 0 must pass
  double weighted = 0;
  double weights = 0;
  bool censored = false;
  for (std::size_t l = 0; l < levels.size(); ++l) {
    weights += levels[l].hardness;
    // Right-censoring: from the first timeout or memory failure on, every level scores 0.
    censored = censored || sample[l].outcome == LevelOutcome::Censored;
    if (censored) continue;
    detail::require_nonnegative(sample[l].time, fmt::format("ENAMEL: time of level {}", l));
    out.level_scores[l] = level_score(levels[l], sample[l].time, limit);
    weighted += levels[l].hardness * out.level_scores[l];
  }
  out.passed = true;
  out.score = weighted / weights;
  return out;
}

double eff_at_k(std::span<const double> scores, std::int64_t k) {
  const auto n = static_cast<std::int64_t>(scores.size());
  if (n == 0) fail_input("eff@k: no scores given");
  if (k < 1) fail_input(fmt::format("eff@k: k={} must be at least 1", k));
  if (k > n) fail_input(fmt::format("eff@k: k={} exceeds the number of scores n={}", k, n));
  detail::require_nonnegative(scores, "eff@k: score");
  std::vector<double> sorted(scores.begin(), scores.end());
  std::sort(sorted.begin(), sorted.end());
  // Weight of the r-th smallest (1-based) is C(r-1, k-1)/C(n, k) = P(it is the max of a random
  // k-subset). lambda_n = k/n and lambda_r = lambda_{r+1} (1 - (k-1)/r): no binomial is formed.
  const auto kd = static_cast<double>(k);
  double lambda = kd / static_cast<double>(n);
  double sum = lambda * sorted.back();
  for (std::int64_t r = n - 1; r >= k; --r) {
    lambda *= 1.0 - (kd - 1.0) / static_cast<double>(r);
    sum += lambda * sorted[static_cast<std::size_t>(r - 1)];
  }
  return sum;
}

}  // namespace pj::metrics
