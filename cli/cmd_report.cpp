#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "reports/format.hpp"
#include "reports/host_guard.hpp"
#include "reports/leaderboard.hpp"
#include "reports/load.hpp"

namespace pj::cli {

namespace {

struct ReportArgs {
  std::string db;
  std::vector<std::int64_t> runs;
  std::string format = "text";
  std::string output;
  std::string ks = "1";
  std::string sort = "pass@1";
  std::string cost;
  std::string by;
  std::string task;
  bool calls = false;
  bool allow_host_mismatch = false;
  std::optional<std::int64_t> dps_min_correct;
  std::string reference_language = "same";
};

std::vector<std::int64_t> parse_ks(const std::string& s) {
  std::vector<std::int64_t> out;
  std::stringstream ss(s);
  for (std::string part; std::getline(ss, part, ',');) {
    try {
      std::size_t used = 0;
      const auto k = std::stoll(part, &used);
      if (used != part.size() || k < 1) throw std::invalid_argument(part);
      out.push_back(k);
    } catch (const std::exception&) {
      fail_usage(fmt::format("--k: '{}' is not a positive integer", part));
    }
  }
  return out;
}

void write_out(const std::string& file, const std::string& text) {
  if (file.empty() || file == "-") {
    fmt::print("{}", text);
    return;
  }
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) fail_input(fmt::format("{}: cannot write", file));
}

std::string render(const ReportArgs& a) {
  const auto format = reports::parse_format(a.format);
  const Cost cost = a.cost.empty() ? Cost::Auto : parse_cost(a.cost);
  if (a.calls && a.task.empty()) fail_usage("--calls: needs --task ID");
  if (!a.by.empty() && a.by != "task" && a.by != "model") {
    fail_usage(fmt::format("--by: expected model or task, got '{}'", a.by));
  }
  reports::LoadOptions lo;
  lo.runs = a.runs;
  // Every format but CSV shows the runs' noise, which needs the repeats.
  lo.with_repeats = format != reports::Format::Csv;
  const auto ds = reports::load(a.db, lo);
  reports::LeaderboardOptions opt;
  opt.ks = parse_ks(a.ks);
  opt.sort_by = a.sort;
  // auto (or nothing): the runs' own setting, else instructions where they were recorded.
  if (cost != Cost::Auto) opt.cost = cost;
  if (a.dps_min_correct) {
    if (*a.dps_min_correct < 1)
      fail_usage(fmt::format("--dps-min-correct must be at least 1, got {}", *a.dps_min_correct));
    opt.dps_min_correct = static_cast<std::size_t>(*a.dps_min_correct);
  }
  if (a.reference_language != "same" && a.reference_language != "any") {
    fail_usage(
        fmt::format("--reference-language: expected same or any, got '{}'", a.reference_language));
  }
  opt.any_reference_language = a.reference_language == "any";
  const auto lb = reports::compute_leaderboard(ds, opt);
  // Merged shards from different machines: time-based scores do not pool across CPU models.
  const auto warning =
      reports::check_hosts(reports::hosts_of(ds), lb.cost, a.allow_host_mismatch, "report");
  if (!warning.empty()) fmt::print(stderr, "perfjudge: {}\n", warning);
  if (!a.task.empty()) {
    switch (format) {
      case reports::Format::Json:
        return reports::task_to_json(ds, lb, a.task)
                   .dump(2, ' ', true, nlohmann::json::error_handler_t::replace) +
               "\n";
      case reports::Format::Text:
        return reports::format_task_text(ds, lb, a.task, a.calls);
      default:
        fail_usage("--task supports --format text or json");
    }
  }
  switch (format) {
    case reports::Format::Text:
      return reports::format_text(ds, lb);
    case reports::Format::Markdown:
      return reports::format_markdown(ds, lb);
    case reports::Format::Html:
      return reports::format_html(ds, lb);
    case reports::Format::Csv:
      return reports::format_csv(lb, a.by == "task");
    case reports::Format::Json:
      return reports::format_json(ds, lb);
  }
  return {};
}

}  // namespace

void add_report(CLI::App& app, int& status) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand("report", "leaderboards (text, Markdown, HTML, CSV, JSON)");
  cmd->add_option("--db", a->db, "the perfjudge store")->required();
  cmd->add_option("--run", a->runs, "run id(s) to read (default: the latest run of each model)");
  cmd->add_option("--format", a->format, "text | md | html | csv | json")->capture_default_str();
  cmd->add_option("-o,--output", a->output, "write here instead of stdout");
  cmd->add_option("--k", a->ks, "comma-separated k values for pass@k, eff@k, ...")
      ->capture_default_str();
  cmd->add_option("--sort", a->sort, "metric the rows are sorted by")->capture_default_str();
  cmd->add_option("--cost", a->cost, std::string(kCostHelp) + " (default auto: the run's setting)");
  cmd->add_option("--by", a->by, "csv: one row per model (default) or per task");
  cmd->add_option("--task", a->task, "per-sample view of one task");
  cmd->add_flag("--calls", a->calls,
                "with --task: every repeat's cost, grouped by session, outliers starred");
  cmd->add_flag("--allow-host-mismatch", a->allow_host_mismatch,
                "pool time-based scores of runs measured on different CPU models (warns)");
  cmd->add_option("--dps-min-correct", a->dps_min_correct,
                  "correct samples a task needs to count in DPS (default: n/10, at least 1)");
  cmd->add_option("--reference-language", a->reference_language,
                  "same: a sample's best reference is the cheapest in its language where the "
                  "task has one; any: the cheapest in any language")
      ->capture_default_str();
  cmd->callback([a, &status] {
    write_out(a->output, render(*a));
    status = exit_code::ok;
  });
}

}  // namespace pj::cli
