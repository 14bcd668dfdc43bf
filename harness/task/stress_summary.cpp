// The arithmetic both stress paths share (one process per execution in run/run_stress.cpp,
// the function tasks' sessions in function_stress.cpp, and validate's ladder): the stress
// time limit, the estimate over repeats and the net of a baseline.
#include "harness/task/stress_summary.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "metrics/metrics.hpp"

namespace pj::harness {

namespace {

using Rows = std::vector<store::ExecutionRow>;
using Figure = std::function<std::optional<double>(const store::ExecutionRow&)>;
using BySession = std::map<std::int64_t, std::vector<double>>;

// The rows' figure grouped by session; nullopt when the figure is missing in any row (unknown,
// never 0).
std::optional<BySession> by_session(const Rows& rows, const Figure& f) {
  BySession out;
  for (const auto& r : rows) {
    auto v = f(r);
    if (!v) return std::nullopt;
    out[r.session.value_or(0)].push_back(*v);
  }
  return out;
}

double median_of(const std::vector<double>& estimates) {
  return estimates.size() == 1 ? estimates[0] : metrics::median(estimates);
}

// The Hodges-Lehmann estimate of the repeats, taken per session when they come from several
// (function tasks, spread_repeats), and then the median of the sessions' estimates. A session's
// calls all fork from one loaded process, and on this kind of machine one such process can run
// every call 30-40 % slower or faster than another (placement of its pages), so repeats within
// a session are not independent draws; pooling them lets one slow session drag the estimate,
// where the median over three sessions discards it.
std::optional<double> hl_of(const Rows& rows, const Figure& f) {
  const auto sessions = by_session(rows, f);
  if (!sessions || sessions->empty()) return std::nullopt;
  std::vector<double> estimates;
  for (const auto& [session, xs] : *sessions) estimates.push_back(metrics::hodges_lehmann(xs));
  return median_of(estimates);
}

std::vector<double> figures_of(const Rows& rows, const Figure& f) {
  std::vector<double> xs;
  for (const auto& r : rows)
    if (const auto x = f(r)) xs.push_back(*x);
  return xs;
}

// summarise_rows's net with the program's own no-op calls: per session, then the median.
// `base` is the baseline's estimate of the figure, which `measured` holds in every row.
// `minus` is taken out of every session's net (the reference's encoding).
double net_of_own_noops(const Rows& measured, const Rows& noops, const Rows& baseline, double base,
                        const Figure& f, double at_least, double minus) {
  const BySession own = by_session(noops, f).value_or(BySession{});
  const BySession calls = by_session(measured, f).value_or(BySession{});
  std::vector<double> nets;
  for (const auto& [session, xs] : calls) {
    const auto it = own.find(session);
    const double driver =
        it == own.end() ? base : std::min(metrics::hodges_lehmann(it->second), kNoopCap * base);
    nets.push_back(metrics::hodges_lehmann(xs) - driver - minus);
  }
  return net_cost(median_of(nets), 0, figures_of(baseline, f), at_least);
}

std::optional<double> counter_of(const store::ExecutionRow& r, std::string_view name) {
  for (const auto& c : r.counters) {
    if (c.name == name) return c.value;
  }
  return std::nullopt;
}

}  // namespace

EncodingCost encoding_cost(const Rows& measured) {
  const std::string instructions = std::string(kEncodePrefix) + "instructions";
  return {hl_of(measured, [&](const auto& r) { return counter_of(r, instructions); })};
}

double cpu_seconds(const store::ExecutionRow& r) {
  return static_cast<double>(r.cpu_user_ns + r.cpu_sys_ns) / 1e9;
}

double net_cost(double gross, double baseline, std::span<const double> baseline_repeats,
                double at_least) {
  double floor = at_least;
  if (!baseline_repeats.empty()) {
    // The subtracted baseline is an estimate over n repeats, so its uncertainty shrinks like
    // 1/sqrt(n): range / sqrt(n) is about two standard errors of it (the range of n normal
    // draws is about 2.3 sigma for n = 5), where the range alone, one run's noise, would floor
    // every program of a few milliseconds at the interpreter's start-up jitter.
    const auto [lo, hi] = std::minmax_element(baseline_repeats.begin(), baseline_repeats.end());
    floor = std::max(floor, (*hi - *lo) / std::sqrt(static_cast<double>(baseline_repeats.size())));
  }
  return std::max(gross - baseline, floor);
}

store::StressResultRow summarise_rows(std::int64_t program_id, int level, std::uint64_t seed,
                                      const std::string& verdict, bool censored,
                                      const std::vector<store::ExecutionRow>& measured,
                                      const std::vector<store::ExecutionRow>* baseline,
                                      std::int64_t baseline_id,
                                      const std::vector<store::ExecutionRow>* own_noops,
                                      const EncodingCost* reference_encoding) {
  store::StressResultRow s;
  s.program_id = program_id;
  s.level = level;
  s.seed = static_cast<std::int64_t>(seed);
  s.verdict = verdict;
  s.censored = censored;
  if (verdict != "OK" || measured.empty()) return s;
  const Figure instructions = [](const auto& r) { return counter_of(r, "instructions"); };
  const Figure cpu = [](const auto& r) { return std::optional<double>(cpu_seconds(r)); };
  const Figure wall = [](const auto& r) {
    return std::optional<double>(static_cast<double>(r.wall_ns) / 1e9);
  };
  s.instructions = hl_of(measured, instructions);
  s.cpu_s = hl_of(measured, cpu);
  s.wall_s = hl_of(measured, wall);
  if (auto rss = hl_of(measured, [](const auto& r) {
        return std::optional<double>(static_cast<double>(r.max_rss_kib));
      })) {
    s.max_rss_kib = static_cast<std::int64_t>(std::llround(*rss));
  }
  s.mem_time_mib_s =
      hl_of(measured, [](const auto& r) { return std::optional<double>(r.mem_time_mib_s); });
  if (!baseline || baseline->empty()) return s;
  // Net of the start-up (program tasks) or the driver (function tasks); the gross figures are
  // kept beside the net ones.
  s.baseline_id = baseline_id;
  s.gross_instructions = s.instructions;
  s.gross_cpu_s = s.cpu_s;
  s.gross_wall_s = s.wall_s;
  const bool per_session = own_noops && !own_noops->empty();
  const auto net = [&](std::optional<double>& v, const Figure& f, double at_least, double minus) {
    const std::optional<double> base = hl_of(*baseline, f);
    if (!v || !base) return;
    v = per_session ? net_of_own_noops(measured, *own_noops, *baseline, *base, f, at_least, minus)
                    : net_cost(*v - minus, *base, figures_of(*baseline, f), at_least);
  };
  const bool encoded = reference_encoding && reference_encoding->instructions;
  net(s.instructions, instructions, 1.0, encoded ? *reference_encoding->instructions : 0.0);
  net(s.cpu_s, cpu, 1e-6, 0.0);
  net(s.wall_s, wall, 1e-6, 0.0);
  return s;
}

double stress_time_limit(double slowest_reference_s, double alpha, double cap_s, double scale) {
  return std::min(std::max(alpha * slowest_reference_s, kMinStressSeconds), cap_s) * scale;
}

}  // namespace pj::harness
