// The noise floor of a comparison (issue 15): the smallest change of one cost that two sides'
// repeats can tell from noise. `gate` and `compare` note a threshold below it; `perfjudge
// noise` measures it by an A/A run (the same programs measured twice).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cost.hpp"
#include "reports/gate.hpp"

namespace pj::reports {

struct NoiseFloor {
  Cost cost = Cost::CpuTime;
  std::size_t benchmarks = 0;  // those with at least two repeats of `cost` on each side
  std::size_t repeats = 0;     // the fewest repeats per side among them
  std::optional<double> median_cv;
  // metrics::detectable_change(median CV, repeats, alpha); unset without benchmarks.
  std::optional<double> detectable;
};

// From the repeats of OK benchmarks on both sides (a and b may be the same vector).
NoiseFloor noise_floor(const std::vector<Benchmark>& a, const std::vector<Benchmark>& b, Cost cost,
                       double alpha);

// "" when `threshold` (a fraction) is at or above the floor, or no floor is known; else one line:
// "--min-effect 2.0% is below the noise floor 3.4% of cpu_time (median CV 1.5%, 9 repeats,
// alpha 0.05): smaller changes cannot be told from noise".
std::string floor_note(const NoiseFloor& f, double threshold, const std::string& option,
                       double alpha);

// What gate and compare print: floor_note for the threshold of the cost they judged (instruction
// counts: --max-increase; times: --min-effect).
std::string threshold_note(const std::vector<Benchmark>& a, const std::vector<Benchmark>& b,
                           Cost judged, const GateOptions& opt);

// The A/A measure of `perfjudge noise`: the same programs measured twice (a, b).
struct AaResult {
  NoiseFloor floor;
  std::size_t paired = 0;        // benchmarks OK on both sides
  std::optional<double> spread;  // the (1 - alpha) quantile of |median change| over them
  std::size_t false_alarms = 0;  // the gate's regressions and improvements between them
};
AaResult aa_noise(const std::vector<Benchmark>& a, const std::vector<Benchmark>& b, Cost cost,
                  const GateOptions& opt);

}  // namespace pj::reports
