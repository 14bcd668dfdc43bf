#include <fmt/format.h>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

// efficient_at_k shares pass@k's estimator and lives in pass_at_k.cpp.

double coffe_speedup(std::span<const double> reference_costs,
                     std::span<const double> candidate_costs) {
  detail::require_nonempty(reference_costs, "COFFE speedup: no reference costs given");
  detail::require_nonempty(candidate_costs, "COFFE speedup: no candidate costs given");
  // COFFE sums both sides over the same stress tests of the same correct samples; unequal
  // lengths mean the two sums cover different tests, and their ratio means nothing.
  if (reference_costs.size() != candidate_costs.size())
    fail_input(fmt::format("COFFE speedup: {} reference costs but {} candidate costs",
                           reference_costs.size(), candidate_costs.size()));
  detail::require_nonnegative(reference_costs, "COFFE speedup: reference cost");
  detail::require_nonnegative(candidate_costs, "COFFE speedup: candidate cost");
  double ref = 0;
  double cand = 0;
  for (double x : reference_costs) ref += x;
  for (double x : candidate_costs) cand += x;
  detail::require_positive(cand, "COFFE speedup: total candidate cost");
  return ref / cand;
}

}  // namespace pj::metrics
