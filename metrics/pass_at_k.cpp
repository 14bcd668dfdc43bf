#include <fmt/format.h>

#include <string_view>

#include "core/error.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

namespace {

// 1 - C(n-c, k)/C(n, k) as 1 - prod_{i=n-c+1..n} (1 - k/i): the binomials overflow long before
// n reaches the sample counts people use, the product never does (Chen et al. 2021).
double unbiased_at_k(std::string_view name, std::string_view c_name, std::int64_t n, std::int64_t c,
                     std::int64_t k) {
  if (n < 1) fail_input(fmt::format("{}: n={} must be at least 1", name, n));
  if (c < 0 || c > n)
    fail_input(fmt::format("{}: {}={} must be between 0 and n={}", name, c_name, c, n));
  if (k < 1) fail_input(fmt::format("{}: k={} must be at least 1", name, k));
  if (k > n) fail_input(fmt::format("{}: k={} exceeds the number of samples n={}", name, k, n));
  if (n - c < k) return 1.0;
  double prod = 1.0;
  const auto kd = static_cast<double>(k);
  for (std::int64_t i = n - c + 1; i <= n; ++i) prod *= 1.0 - kd / static_cast<double>(i);
  return 1.0 - prod;
}

}  // namespace

double pass_at_k(std::int64_t n, std::int64_t c, std::int64_t k) {
  return unbiased_at_k("pass@k", "c", n, c, k);
}

double efficient_at_k(std::int64_t n, std::int64_t c_fast, std::int64_t k) {
  return unbiased_at_k("efficient@k", "c_fast", n, c_fast, k);
}

}  // namespace pj::metrics
