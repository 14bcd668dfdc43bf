#include "metrics/ranks.hpp"

#include <algorithm>
#include <numeric>

namespace pj::metrics::detail {

Ranking midranks(std::span<const double> xs) {
  std::vector<std::size_t> order(xs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return xs[a] < xs[b]; });
  Ranking r;
  r.ranks.resize(xs.size());
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i + 1;
    while (j < order.size() && xs[order[j]] == xs[order[i]]) ++j;
    // Positions i..j-1 (0-based) share the average of ranks i+1..j.
    const double rank = static_cast<double>(i + 1 + j) / 2.0;
    for (std::size_t k = i; k < j; ++k) r.ranks[order[k]] = rank;
    if (j - i >= 2) r.tie_groups.push_back(static_cast<double>(j - i));
    i = j;
  }
  return r;
}

}  // namespace pj::metrics::detail
