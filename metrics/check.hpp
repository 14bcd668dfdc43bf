// Input validation shared by the metrics: every check names the metric and the offending index,
// so a bad score file or a harness bug surfaces as one clear pj::Error(Input) line.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace pj::metrics::detail {

// `message` is the whole error line, e.g. "median: no values given".
void require_nonempty(std::span<const double> xs, std::string_view message);
// Rejects NaN and infinities.
void require_finite(std::span<const double> xs, std::string_view what);
// Finite and >= 0.
void require_nonnegative(std::span<const double> xs, std::string_view what);
// Finite and > 0.
void require_positive(std::span<const double> xs, std::string_view what);

void require_nonnegative(double x, std::string_view what);
void require_positive(double x, std::string_view what);

// Arithmetic mean of a non-empty, already validated span.
double plain_mean(std::span<const double> xs);

}  // namespace pj::metrics::detail
