#include "metrics/exact_distributions.hpp"

#include <algorithm>

namespace pj::metrics::detail {

namespace {

std::vector<double> counts_to_cdf(std::vector<double> counts) {
  double total = 0;
  for (double c : counts) total += c;
  double running = 0;
  for (double& c : counts) {
    running += c;
    c = running / total;
  }
  counts.back() = 1.0;  // exact by definition; removes the last rounding step
  return counts;
}

}  // namespace

std::vector<double> mann_whitney_cdf(std::size_t m, std::size_t n) {
  // f(i, j, u): arrangements of i values of the first sample and j of the second with U = u.
  // The largest value comes from the first sample (it beats all j others, adding j to U) or
  // from the second: f(i, j, u) = f(i-1, j, u-j) + f(i, j-1, u). One layer per i is kept.
  const std::size_t width = m * n + 1;
  std::vector<double> prev((n + 1) * width, 0.0);              // layer i-1, indexed [j * width + u]
  for (std::size_t j = 0; j <= n; ++j) prev[j * width] = 1.0;  // i = 0: U is always 0
  std::vector<double> cur(prev.size());
  for (std::size_t i = 1; i <= m; ++i) {
    std::fill(cur.begin(), cur.end(), 0.0);
    cur[0] = 1.0;  // j = 0
    for (std::size_t j = 1; j <= n; ++j) {
      double* row = &cur[j * width];
      const double* left = &cur[(j - 1) * width];
      const double* up = &prev[j * width];
      const std::size_t max_u = i * j;
      for (std::size_t u = 0; u <= max_u; ++u) row[u] = left[u] + (u >= j ? up[u - j] : 0.0);
    }
    prev.swap(cur);
  }
  return counts_to_cdf(
      std::vector<double>(prev.begin() + static_cast<std::ptrdiff_t>(n * width),
                          prev.begin() + static_cast<std::ptrdiff_t>((n + 1) * width)));
}

std::vector<double> inversions_cdf(std::size_t n) {
  // Mahonian numbers: inserting the k-th element into a permutation of k-1 adds 0..k-1
  // inversions. Summed directly (no prefix-sum differences) so no cancellation creeps in.
  const std::size_t max_inv = n * (n - 1) / 2;
  std::vector<double> counts(max_inv + 1, 0.0);
  counts[0] = 1.0;
  std::vector<double> next(max_inv + 1);
  for (std::size_t k = 2; k <= n; ++k) {
    const std::size_t reach = k * (k - 1) / 2;
    for (std::size_t i = 0; i <= reach; ++i) {
      double sum = 0;
      for (std::size_t added = 0; added < k && added <= i; ++added) sum += counts[i - added];
      next[i] = sum;
    }
    std::copy(next.begin(), next.begin() + static_cast<std::ptrdiff_t>(reach + 1), counts.begin());
  }
  return counts_to_cdf(std::move(counts));
}

}  // namespace pj::metrics::detail
