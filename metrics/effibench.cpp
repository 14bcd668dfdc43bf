#include <fmt/format.h>

#include "core/error.hpp"
#include "metrics/check.hpp"
#include "metrics/metrics.hpp"

namespace pj::metrics {

double memory_time_integral(std::span<const MemorySample> samples) {
  if (samples.empty()) fail_input("EffiBench: no memory samples given");
  double area = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    detail::require_nonnegative(samples[i].t_s,
                                fmt::format("EffiBench: time of memory sample {}", i));
    detail::require_nonnegative(samples[i].mib, fmt::format("EffiBench: memory of sample {}", i));
    if (i == 0) continue;
    const MemorySample& p = samples[i - 1];
    const MemorySample& q = samples[i];
    if (q.t_s < p.t_s)
      fail_input(fmt::format("EffiBench: memory sample {} goes back in time ({} s after {} s)", i,
                             q.t_s, p.t_s));
    area += (q.t_s - p.t_s) * (p.mib + q.mib) / 2;
  }
  return area;
}

namespace {

void check_measure(const EffiMeasure& m, std::size_t task, const char* who, bool positive) {
  const auto what = [&](const char* field) {
    return fmt::format("EffiBench: {} {} of task {}", who, field, task);
  };
  if (positive) {
    detail::require_positive(m.time_s, what("time"));
    detail::require_positive(m.peak_mib, what("peak memory"));
    detail::require_positive(m.mem_time_mib_s, what("memory-time integral"));
  } else {
    detail::require_nonnegative(m.time_s, what("time"));
    detail::require_nonnegative(m.peak_mib, what("peak memory"));
    detail::require_nonnegative(m.mem_time_mib_s, what("memory-time integral"));
  }
}

}  // namespace

EffiSummary effibench(std::span<const EffiPair> per_task) {
  if (per_task.empty()) fail_input("EffiBench: no tasks given");
  EffiRatios mean;
  EffiMeasure cand_sum;
  EffiMeasure canon_sum;
  for (std::size_t i = 0; i < per_task.size(); ++i) {
    const EffiMeasure& c = per_task[i].candidate;
    const EffiMeasure& r = per_task[i].canonical;
    check_measure(c, i, "candidate", false);
    check_measure(r, i, "canonical", true);  // the denominators
    mean.net += c.time_s / r.time_s;
    mean.nmu += c.peak_mib / r.peak_mib;
    mean.ntmu += c.mem_time_mib_s / r.mem_time_mib_s;
    cand_sum.time_s += c.time_s;
    cand_sum.peak_mib += c.peak_mib;
    cand_sum.mem_time_mib_s += c.mem_time_mib_s;
    canon_sum.time_s += r.time_s;
    canon_sum.peak_mib += r.peak_mib;
    canon_sum.mem_time_mib_s += r.mem_time_mib_s;
  }
  const auto n = static_cast<double>(per_task.size());
  EffiSummary out;
  out.mean_of_ratios = {mean.net / n, mean.nmu / n, mean.ntmu / n};
  out.ratio_of_sums = {cand_sum.time_s / canon_sum.time_s, cand_sum.peak_mib / canon_sum.peak_mib,
                       cand_sum.mem_time_mib_s / canon_sum.mem_time_mib_s};
  return out;
}

}  // namespace pj::metrics
