#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

DpsClusters dps_clusters(std::span<const double> pool_costs, const DpsOptions& opt) {
  detail::require_nonempty(pool_costs, "DPS: the reference pool is empty");
  detail::require_positive(pool_costs, "DPS: pool cost");
  detail::require_nonnegative(opt.w, "DPS: w");
  detail::require_nonnegative(opt.base, "DPS: base");
  std::vector<double> a(pool_costs.begin(), pool_costs.end());
  std::sort(a.begin(), a.end(), std::greater<>());
  // Cluster sizes, slowest cluster first. A relative gap above base + sqrt(w / a_i) between
  // neighbours a_i >= a_{i+1} starts a new cluster before a_{i+1} (Liu et al. 2024).
  DpsClusters out;
  std::vector<std::size_t> sizes;
  out.representatives.push_back(a[0]);
  sizes.push_back(1);
  for (std::size_t i = 0; i + 1 < a.size(); ++i) {
    const double gap = (a[i] - a[i + 1]) / a[i];
    if (gap > opt.base + std::sqrt(opt.w / a[i])) {
      out.representatives.push_back(a[i + 1]);  // the slowest member of the new cluster
      sizes.push_back(0);
    }
    ++sizes.back();
  }
  std::size_t cumulative = 0;
  for (std::size_t s : sizes) {
    cumulative += s;
    out.scores.push_back(100.0 * static_cast<double>(cumulative) / static_cast<double>(a.size()));
  }
  return out;
}

DpsScore dps_score(const DpsClusters& clusters, std::optional<double> sample_cost) {
  const std::size_t k = clusters.representatives.size();
  if (k == 0 || clusters.scores.size() != k)
    fail_input(fmt::format("DPS: malformed clusters ({} representatives, {} scores)", k,
                           clusters.scores.size()));
  if (!sample_cost) return {};
  detail::require_nonnegative(*sample_cost, "DPS: sample cost");
  // From the fastest cluster towards the slowest, the first whose representative is at least
  // as slow as the sample.
  for (std::size_t j = k; j-- > 0;) {
    if (*sample_cost <= clusters.representatives[j])
      return {clusters.scores[j], 100.0 * static_cast<double>(j + 1) / static_cast<double>(k)};
  }
  return {};  // slower than every reference
}

std::optional<DpsScore> dps_overall(std::span<const DpsTask> tasks, std::size_t min_correct) {
  double dps_sum = 0;
  double norm_sum = 0;
  std::size_t counted = 0;
  for (const DpsTask& task : tasks) {
    const std::size_t n = task.correct_sample_scores.size();
    // A task without a correct sample has no mean, whatever min_correct says.
    if (n == 0 || n < min_correct) continue;
    double dps = 0;
    double norm = 0;
    for (const DpsScore& s : task.correct_sample_scores) {
      dps += s.dps;
      norm += s.dps_norm;
    }
    dps_sum += dps / static_cast<double>(n);
    norm_sum += norm / static_cast<double>(n);
    ++counted;
  }
  if (counted == 0) return std::nullopt;
  const auto c = static_cast<double>(counted);
  return DpsScore{dps_sum / c, norm_sum / c};
}

std::size_t dps_default_min_correct(std::size_t samples_per_task) {
  return std::max<std::size_t>(1, samples_per_task / 10);
}

}  // namespace pj::metrics
