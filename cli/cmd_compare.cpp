#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "reports/compare.hpp"
#include "reports/host_guard.hpp"
#include "reports/load.hpp"
#include "reports/noise_floor.hpp"

namespace pj::cli {

namespace {

struct CompareArgs {
  std::vector<std::string> dbs;
  std::vector<std::int64_t> runs;
  std::vector<std::string> models;
  std::string format = "text";
  std::string metric = "auto";
  double alpha = 0.05;
  double min_effect = 5, max_increase = 2;
  std::size_t min_repeats = 9;
  bool allow_host_mismatch = false;
};

// The benchmarks of one model's samples: what compare judged for that side.
std::vector<reports::Benchmark> model_benchmarks(const reports::Dataset& ds,
                                                 const std::string& model) {
  auto all = reports::benchmarks_of(ds);
  std::erase_if(all, [&](const reports::Benchmark& b) { return b.model != model; });
  return all;
}

std::string only_model(const reports::Dataset& ds, const std::string& label) {
  const auto models = ds.models();
  if (models.size() != 1) {
    fail_usage(fmt::format("{} holds {} models; choose with --model", label, models.size()));
  }
  return models.front();
}

int run(const CompareArgs& a) {
  const Cost metric = parse_cost(a.metric);  // before any database is opened
  if (a.dbs.empty() || a.dbs.size() > 2) fail_usage("give --db once, or twice (one per side)");
  if (a.runs.size() > 2 || a.models.size() > 2) fail_usage("at most two --run and two --model");
  const bool two_runs = a.runs.size() == 2 || a.dbs.size() == 2;
  if (!two_runs && a.models.size() != 2) {
    fail_usage("compare needs two sides: --model A --model B, or --run A --run B, or two --db");
  }
  auto load_side = [&](std::size_t i) {
    reports::LoadOptions lo;
    lo.with_repeats = true;
    if (a.runs.size() == 2) lo.runs = {a.runs[i]};
    if (a.runs.size() == 1) lo.runs = {a.runs[0]};
    return reports::load(a.dbs[std::min(i, a.dbs.size() - 1)], lo);
  };
  const auto da = load_side(0);
  const auto db = two_runs ? load_side(1) : reports::Dataset{};
  const auto& dsb = two_runs ? db : da;
  auto label = [&](std::size_t i, const std::string& model) {
    std::string l = model;
    if (a.runs.size() == 2) l += fmt::format(" (run {})", a.runs[i]);
    if (a.dbs.size() == 2) l += fmt::format(" ({})", a.dbs[i]);
    return l;
  };
  const auto ma = a.models.size() >= 1 ? a.models[0] : only_model(da, "side A");
  const auto mb = a.models.size() == 2   ? a.models[1]
                  : a.models.size() == 1 ? a.models[0]
                                         : only_model(dsb, "side B");
  reports::GateOptions o;
  o.metric = metric;
  o.alpha = a.alpha;
  o.min_effect = a.min_effect / 100;
  o.max_increase = a.max_increase / 100;
  o.min_repeats = a.min_repeats;
  const auto c = reports::compare({label(0, ma), &da, ma}, {label(1, mb), &dsb, mb}, o);
  auto hosts = reports::hosts_of(da, "A");
  if (two_runs) {
    const auto hb = reports::hosts_of(dsb, "B");
    hosts.insert(hosts.end(), hb.begin(), hb.end());
  }
  // After compare(), which resolves --cost auto for the data; before anything is printed.
  const auto warning =
      reports::check_hosts(hosts, parse_cost(c.metric.empty() ? "cpu_time" : c.metric),
                           a.allow_host_mismatch, "compare");
  if (!warning.empty()) fmt::print(stderr, "perfjudge: {}\n", warning);
  if (!c.metric.empty()) {
    const auto note = reports::threshold_note(model_benchmarks(da, ma), model_benchmarks(dsb, mb),
                                              parse_cost(c.metric), o);
    if (!note.empty()) fmt::print(stderr, "perfjudge: note: {}\n", note);
  }
  if (a.format == "json") {
    fmt::print("{}\n", reports::compare_to_json(c).dump(2, ' ', true,
                                                        nlohmann::json::error_handler_t::replace));
  } else if (a.format == "md") {
    fmt::print("{}", reports::format_compare_markdown(c));
  } else if (a.format == "text") {
    fmt::print("{}", reports::format_compare_text(c));
  } else {
    fail_usage(fmt::format("--format: expected text, md or json, got '{}'", a.format));
  }
  return exit_code::ok;
}

}  // namespace

void add_compare(CLI::App& app, int& status) {
  auto a = std::make_shared<CompareArgs>();
  auto* cmd = app.add_subcommand("compare", "two models or runs side by side");
  cmd->add_option("--db", a->dbs, "database (twice: one per side)")->required();
  cmd->add_option("--run", a->runs, "run id (twice: one per side)");
  cmd->add_option("--model", a->models, "model (twice: one per side)");
  cmd->add_option("--format", a->format, "text | md | json")->capture_default_str();
  cmd->add_option("--cost,--metric", a->metric, kCostHelp)->capture_default_str();
  cmd->add_option("--alpha", a->alpha, "times: Mann-Whitney significance")->capture_default_str();
  cmd->add_option("--min-effect", a->min_effect, "times: median change that matters, percent")
      ->capture_default_str();
  cmd->add_option("--max-increase", a->max_increase, "instruction counts: percent")
      ->capture_default_str();
  cmd->add_option("--min-repeats", a->min_repeats, "times: repeats needed per side")
      ->capture_default_str();
  cmd->add_flag("--allow-host-mismatch", a->allow_host_mismatch,
                "compare time costs measured on different CPU models (a warning, not an error)");
  cmd->callback([a, &status] { status = run(*a); });
}

}  // namespace pj::cli
