// `perfjudge noise`: an A/A run. The same work is run twice into one database and compared as
// the gate would, so the user sees, per cost, how much identical programs move between runs
// and the smallest change the gate can detect with these repeats (reports/noise_floor.hpp).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/run_options.hpp"
#include "core/error.hpp"
#include "reports/load.hpp"
#include "reports/noise_floor.hpp"

namespace pj::cli {

namespace {

struct NoiseArgs {
  RunArgs run;
  double alpha = 0.05;
  std::string format = "text";
};

std::vector<reports::Benchmark> benchmarks_of_run(const std::filesystem::path& db,
                                                  std::int64_t run) {
  reports::LoadOptions lo;
  lo.runs = {run};
  lo.with_repeats = true;
  return reports::benchmarks_of(reports::load(db, lo));
}

bool has_counts(const std::vector<reports::Benchmark>& bs) {
  return std::any_of(bs.begin(), bs.end(), [](const reports::Benchmark& b) {
    return b.verdict == "OK" && b.repeats.of(Cost::Instructions) != nullptr &&
           !b.repeats.instructions.empty();
  });
}

std::string pct(const std::optional<double>& x) {
  return x ? fmt::format("{:.2f}%", *x * 100) : "-";
}

nlohmann::json to_json(const reports::AaResult& r) {
  auto opt = [](const std::optional<double>& x) { return x ? nlohmann::json(*x) : nullptr; };
  return {{"cost", to_string(r.floor.cost)},  {"benchmarks", r.paired},
          {"repeats", r.floor.repeats},       {"median_cv", opt(r.floor.median_cv)},
          {"floor", opt(r.floor.detectable)}, {"aa_change", opt(r.spread)},
          {"false_alarms", r.false_alarms}};
}

int run(const NoiseArgs& a) {
  harness::RunOptions opt = run_options(a.run);
  if (opt.repeats < 2) fail_usage("--repeats: noise needs at least 2 repeats per run");
  if (!(a.alpha > 0 && a.alpha < 1)) fail_usage("--alpha must be between 0 and 1");
  if (a.format != "text" && a.format != "json")
    fail_usage(fmt::format("--format: expected text or json, got '{}'", a.format));
  opt.new_run = true;  // two fresh runs, never a resumed one
  std::int64_t ids[2] = {0, 0};
  for (std::int64_t& id : ids) {
    const harness::RunSummary s = harness::run(opt);
    print_run_summary(s);
    if (s.interrupted) return exit_code::interrupted;
    id = s.run_id;
  }
  const auto first = benchmarks_of_run(opt.db, ids[0]);
  const auto second = benchmarks_of_run(opt.db, ids[1]);
  reports::GateOptions go;
  go.alpha = a.alpha;
  std::vector<Cost> costs;
  if (has_counts(first) && has_counts(second)) costs.push_back(Cost::Instructions);
  costs.insert(costs.end(), {Cost::CpuTime, Cost::WallTime});
  std::vector<reports::AaResult> results;
  for (Cost c : costs) results.push_back(reports::aa_noise(first, second, c, go));

  if (a.format == "json") {
    nlohmann::json j = {{"db", opt.db.string()},
                        {"runs", {ids[0], ids[1]}},
                        {"alpha", a.alpha},
                        {"costs", nlohmann::json::array()}};
    for (const auto& r : results) j["costs"].push_back(to_json(r));
    fmt::print("{}\n", j.dump(2));
    return exit_code::ok;
  }
  fmt::print("noise: runs {} and {} of {}, the same programs measured twice, alpha {}\n", ids[0],
             ids[1], opt.db.string(), a.alpha);
  fmt::print("{:<13} {:>10} {:>8} {:>10} {:>8} {:>13}\n", "cost", "benchmarks", "repeats",
             "median CV", "floor", "A/A change");
  for (const auto& r : results) {
    fmt::print("{:<13} {:>10} {:>8} {:>10} {:>8} {:>13}\n", to_string(r.floor.cost), r.paired,
               r.floor.repeats, pct(r.floor.median_cv), pct(r.floor.detectable), pct(r.spread));
  }
  for (const auto& r : results) {
    if (r.false_alarms > 0)
      fmt::print("{}: the gate flagged {} of {} identical benchmarks\n", to_string(r.floor.cost),
                 r.false_alarms, r.paired);
  }
  fmt::print(
      "floor: the smallest change the gate can tell from noise with these repeats.\n"
      "A/A change: {:.0f}% of benchmarks moved less than this between the two runs.\n"
      "A gate threshold below a cost's floor (--min-effect for times, default 5%; "
      "--max-increase for counts, default 2%) cannot be trusted.\n",
      (1 - a.alpha) * 100);
  return exit_code::ok;
}

}  // namespace

void add_noise(CLI::App& app, int& status) {
  auto a = std::make_shared<NoiseArgs>();
  CLI::App* cmd = app.add_subcommand(
      "noise", "A/A run: measure the same programs twice and print each cost's noise floor");
  add_run_options(cmd, a->run, "perfjudge-noise.sqlite");
  cmd->add_option("--alpha", a->alpha, "the gate's significance level")->capture_default_str();
  cmd->add_option("--format", a->format, "text | json")->capture_default_str();
  cmd->callback([a, &status] { status = run(*a); });
}

}  // namespace pj::cli
