// The noise of a whole run (issue 15, "per run"): how many of its benchmarks were unstable and
// its median coefficient of variation, beside the machine's load at the run's start and end,
// so that a reader sees from the report's header whether its time costs can be trusted.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/cost.hpp"
#include "reports/dataset.hpp"

namespace pj::reports {

struct RunNoise {
  std::int64_t run_id = 0;
  Cost cost = Cost::CpuTime;
  // Benchmarks: every (program, level, seed) of the run, samples and references, with at least
  // two stored repeats of `cost`; unstable: those whose CV exceeds metrics::kUnstableCv.
  std::size_t benchmarks = 0;
  std::size_t unstable = 0;
  std::optional<double> median_cv;
  // runs.host_json "start"/"end" "loadavg" ([1, 5, 15 minutes]); null when not recorded.
  nlohmann::json load_start, load_end;
  std::optional<double> unstable_share() const;
};

// One entry per run of ds, in ds.runs order. Needs ds loaded with repeats; `cost` is resolved
// (never Auto).
std::vector<RunNoise> run_noise(const Dataset& ds, Cost cost);

// "noise run #3 (cpu_time): 2 of 40 benchmarks unstable (5.0%, CV > 5%), median CV 1.20%"
std::string noise_line(const RunNoise& n);
// "load run #3: 0.52 0.40 0.31 at start, 1.10 0.80 0.40 at end" (1, 5, 15 minutes)
std::string load_line(const RunNoise& n);
// {"cost", "benchmarks", "unstable", "unstable_share", "median_cv", "unstable_cv",
//  "load_start", "load_end"}; null where unknown.
nlohmann::json noise_json(const RunNoise& n);

}  // namespace pj::reports
