// Exact null distributions of rank statistics, for the small samples where the normal
// approximation is poor. Counts are kept as doubles: every step only adds non-negative
// numbers, so the relative error stays at rounding level even when the counts exceed 2^53.
#pragma once

#include <cstddef>
#include <vector>

namespace pj::metrics::detail {

// P(U <= u) for u = 0..m*n, U the Mann-Whitney statistic of a sample of size m against one of
// size n, with no ties, under H0.
std::vector<double> mann_whitney_cdf(std::size_t m, std::size_t n);

// P(I <= i) for i = 0..n(n-1)/2, I the number of inversions of a uniformly random permutation
// of n elements (the discordant pairs of Kendall's tau with no ties).
std::vector<double> inversions_cdf(std::size_t n);

// The sizes up to which the exact distributions are used (the cost grows as m^2 n^2 and n^3).
inline constexpr std::size_t exact_rank_limit = 50;

}  // namespace pj::metrics::detail
