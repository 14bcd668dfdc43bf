#include "reports/noise_floor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "metrics/metrics.hpp"

namespace pj::reports {

namespace {

void add_side(const std::vector<Benchmark>& side, Cost cost, std::vector<double>& cvs,
              std::size_t& fewest) {
  for (const Benchmark& b : side) {
    if (b.verdict != "OK") continue;
    const std::vector<double>* xs = b.repeats.of(cost);
    if (!xs || xs->size() < 2) continue;
    const auto cv = metrics::coefficient_of_variation(*xs);
    if (!cv) continue;
    cvs.push_back(*cv);
    fewest = std::min(fewest, xs->size());
  }
}

}  // namespace

NoiseFloor noise_floor(const std::vector<Benchmark>& a, const std::vector<Benchmark>& b, Cost cost,
                       double alpha) {
  NoiseFloor f;
  f.cost = cost;
  std::vector<double> cvs;
  std::size_t fewest = SIZE_MAX;
  add_side(a, cost, cvs, fewest);
  if (&a != &b) add_side(b, cost, cvs, fewest);
  f.benchmarks = cvs.size();
  if (cvs.empty()) return f;
  f.repeats = fewest;
  f.median_cv = metrics::median(cvs);
  f.detectable = metrics::detectable_change(*f.median_cv, fewest, alpha);
  return f;
}

std::string floor_note(const NoiseFloor& f, double threshold, const std::string& option,
                       double alpha) {
  if (!f.detectable || threshold >= *f.detectable) return "";
  return fmt::format(
      "{} {:.1f}% is below the noise floor {:.1f}% of {} (median CV {:.2f}%, {} repeats, alpha "
      "{}): smaller changes cannot be told from noise; add --repeats or measure on a quieter "
      "machine",
      option, threshold * 100, *f.detectable * 100, to_string(f.cost), *f.median_cv * 100,
      f.repeats, alpha);
}

std::string threshold_note(const std::vector<Benchmark>& a, const std::vector<Benchmark>& b,
                           Cost judged, const GateOptions& opt) {
  const NoiseFloor f = noise_floor(a, b, judged, opt.alpha);
  return judged == Cost::Instructions ? floor_note(f, opt.max_increase, "--max-increase", opt.alpha)
                                      : floor_note(f, opt.min_effect, "--min-effect", opt.alpha);
}

AaResult aa_noise(const std::vector<Benchmark>& a, const std::vector<Benchmark>& b, Cost cost,
                  const GateOptions& opt) {
  AaResult r;
  r.floor = noise_floor(a, b, cost, opt.alpha);
  GateOptions o = opt;
  o.metric = cost;
  o.allow_missing = true;  // a benchmark one side failed is not noise of the other
  o.min_repeats = std::min(o.min_repeats, std::max<std::size_t>(r.floor.repeats, 2));
  const GateResult g = run_gate(a, b, o);
  std::vector<double> changes;
  for (const BenchVerdict& v : g.items) {
    if (!v.change) continue;
    changes.push_back(std::abs(*v.change));
    if (v.outcome == Outcome::Regression || v.outcome == Outcome::Improvement) ++r.false_alarms;
  }
  r.paired = changes.size();
  if (!changes.empty()) {
    std::sort(changes.begin(), changes.end());
    r.spread = metrics::quantile_sorted(changes, 1 - opt.alpha);
  }
  return r;
}

}  // namespace pj::reports
