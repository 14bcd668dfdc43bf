// Midranks of pooled samples and the tie-group sizes that the rank tests correct for.
#pragma once

#include <span>
#include <vector>

namespace pj::metrics::detail {

struct Ranking {
  std::vector<double> ranks;       // 1-based midranks, in input order
  std::vector<double> tie_groups;  // size t of every group of equal values with t >= 2
};

Ranking midranks(std::span<const double> xs);

}  // namespace pj::metrics::detail
