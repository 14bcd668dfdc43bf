#include "metrics/check.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace pj::metrics::detail {

namespace {

// `what` reads like "eff@k: score", so messages become "eff@k: score at index 3 is NaN".
void check_one(double x, std::size_t i, std::string_view what, bool allow_zero, bool need_sign) {
  if (std::isnan(x)) fail_input(fmt::format("{} at index {} is NaN", what, i));
  if (std::isinf(x)) fail_input(fmt::format("{} at index {} is infinite", what, i));
  if (!need_sign) return;
  if (x < 0) fail_input(fmt::format("{} at index {} is negative ({})", what, i, x));
  if (!allow_zero && x == 0) fail_input(fmt::format("{} at index {} is zero", what, i));
}

void check_scalar(double x, std::string_view what, bool allow_zero) {
  if (std::isnan(x)) fail_input(fmt::format("{} is NaN", what));
  if (std::isinf(x)) fail_input(fmt::format("{} is infinite", what));
  if (x < 0) fail_input(fmt::format("{} is negative ({})", what, x));
  if (!allow_zero && x == 0) fail_input(fmt::format("{} is zero", what));
}

}  // namespace

void require_nonempty(std::span<const double> xs, std::string_view message) {
  if (xs.empty()) fail_input(std::string(message));
}

void require_finite(std::span<const double> xs, std::string_view what) {
  for (std::size_t i = 0; i < xs.size(); ++i) check_one(xs[i], i, what, true, false);
}

void require_nonnegative(std::span<const double> xs, std::string_view what) {
  for (std::size_t i = 0; i < xs.size(); ++i) check_one(xs[i], i, what, true, true);
}

void require_positive(std::span<const double> xs, std::string_view what) {
  for (std::size_t i = 0; i < xs.size(); ++i) check_one(xs[i], i, what, false, true);
}

void require_nonnegative(double x, std::string_view what) {
  check_scalar(x, what, true);
}
void require_positive(double x, std::string_view what) {
  check_scalar(x, what, false);
}

double plain_mean(std::span<const double> xs) {
  double sum = 0;
  for (double x : xs) sum += x;
  return sum / static_cast<double>(xs.size());
}

}  // namespace pj::metrics::detail
