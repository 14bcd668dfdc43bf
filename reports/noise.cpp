#include "reports/noise.hpp"

#include <fmt/format.h>

#include "metrics/metrics.hpp"

namespace pj::reports {

namespace {

// The "loadavg" of host_json's `key` ("start" or "end"), null when absent or unreadable.
nlohmann::json recorded_load(const std::string& host_json, const char* key) {
  const auto host = nlohmann::json::parse(host_json, nullptr, false);
  if (host.is_discarded() || !host.is_object() || !host.contains(key)) return nullptr;
  const auto& state = host[key];
  if (!state.is_object() || !state.contains("loadavg")) return nullptr;
  const auto& load = state["loadavg"];
  return load.is_array() && load.size() == 3 ? load : nlohmann::json();
}

std::string load_text(const nlohmann::json& load) {
  if (load.is_null()) return "not recorded";
  return fmt::format("{:.2f} {:.2f} {:.2f}", load[0].get<double>(), load[1].get<double>(),
                     load[2].get<double>());
}

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

}  // namespace

std::optional<double> RunNoise::unstable_share() const {
  if (benchmarks == 0) return std::nullopt;
  return static_cast<double>(unstable) / static_cast<double>(benchmarks);
}

std::vector<RunNoise> run_noise(const Dataset& ds, Cost cost) {
  std::vector<RunNoise> out;
  for (const auto& run : ds.runs) {
    RunNoise n;
    n.run_id = run.id;
    n.cost = cost;
    n.load_start = recorded_load(run.host_json, "start");
    n.load_end = recorded_load(run.host_json, "end");
    std::vector<double> cvs;
    for (const auto& p : ds.programs) {
      if (p.run_id != run.id) continue;
      for (const auto& [cell, reps] : p.repeats) {
        const std::vector<double>* xs = reps.of(cost);
        if (!xs) continue;
        if (const auto cv = metrics::coefficient_of_variation(*xs)) cvs.push_back(*cv);
      }
    }
    n.benchmarks = cvs.size();
    for (const double cv : cvs) n.unstable += cv > metrics::kUnstableCv ? 1 : 0;
    if (!cvs.empty()) n.median_cv = metrics::median(cvs);
    out.push_back(std::move(n));
  }
  return out;
}

std::string noise_line(const RunNoise& n) {
  std::string out = fmt::format("noise run #{} ({}): ", n.run_id, to_string(n.cost));
  if (n.benchmarks == 0) {
    out += "no benchmark has two repeats";
  } else {
    out += fmt::format("{} of {} benchmarks unstable ({:.1f}%, CV > {:g}%), median CV {:.2f}%",
                       n.unstable, n.benchmarks, 100 * *n.unstable_share(),
                       100 * metrics::kUnstableCv, 100 * *n.median_cv);
  }
  return out;
}

std::string load_line(const RunNoise& n) {
  return fmt::format("load run #{}: {} at start, {} at end", n.run_id, load_text(n.load_start),
                     load_text(n.load_end));
}

nlohmann::json noise_json(const RunNoise& n) {
  return {{"cost", to_string(n.cost)},     {"benchmarks", n.benchmarks},
          {"unstable", n.unstable},        {"unstable_share", opt(n.unstable_share())},
          {"median_cv", opt(n.median_cv)}, {"unstable_cv", metrics::kUnstableCv},
          {"load_start", n.load_start},    {"load_end", n.load_end}};
}

}  // namespace pj::reports
