#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "harness/lang/languages.hpp"
#include "harness/run/confirm.hpp"
#include "reports/gate.hpp"
#include "reports/host_guard.hpp"
#include "reports/load.hpp"
#include "reports/noise_floor.hpp"

namespace pj::cli {

namespace {

struct GateArgs {
  std::string db, baseline, candidate;
  std::vector<std::int64_t> baseline_run, candidate_run;
  std::string metric = "auto";
  std::string max_increase = "2%", max_total_increase = "1%", min_effect = "5%";
  double alpha = 0.05;
  std::size_t min_repeats = 9;
  bool allow_missing = false;
  bool allow_host_mismatch = false;
  std::size_t confirm = 0;
  std::string junit, bmf, markdown;
};

double percent(const std::string& s, const char* flag) {
  std::string v = s;
  if (!v.empty() && v.back() == '%') v.pop_back();
  try {
    std::size_t used = 0;
    const double x = std::stod(v, &used);
    if (used == v.size() && x >= 0) return x / 100;
  } catch (const std::exception&) {
  }
  fail_usage(fmt::format("{}: '{}' is not a percentage (e.g. 2 or 2%)", flag, s));
}

bool is_sqlite(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail_input(fmt::format("{}: cannot open", file));
  char head[16] = {};
  in.read(head, sizeof head);
  return std::string(head, static_cast<std::size_t>(in.gcount())).rfind("SQLite format 3", 0) == 0;
}

struct Side {
  std::vector<reports::Benchmark> benchmarks;
  std::vector<reports::RunHost> hosts;
  std::optional<reports::Dataset> ds;  // a database side: the programs --confirm re-measures
};

Side side(const std::string& file, const std::vector<std::int64_t>& runs,
          const std::string& label) {
  if (is_sqlite(file)) {
    reports::LoadOptions lo;
    lo.runs = runs;
    lo.with_repeats = true;
    auto ds = reports::load(file, lo);
    auto benchmarks = reports::benchmarks_of(ds);
    auto hosts = reports::hosts_of(ds, label);
    return {std::move(benchmarks), std::move(hosts), std::move(ds)};
  }
  if (!runs.empty()) fail_usage(fmt::format("{}: --*-run only applies to a database", file));
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) fail_input(fmt::format("{}: neither a perfjudge database nor JSON", file));
  return {reports::benchmarks_from_json(j, file), reports::hosts_of_report_json(j, label, file),
          std::nullopt};
}

void write_file(const std::string& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) fail_input(fmt::format("{}: cannot write", file));
}

harness::ConfirmProgram program(const Side& s, const reports::Benchmark& b, const char* label) {
  if (!s.ds)
    fail_usage(fmt::format("--confirm: the {} is report JSON; it needs a database", label));
  auto p = reports::program_of(*s.ds, b);
  return {p.tasks_dir, std::move(p.task), std::move(p.language), std::move(p.source)};
}

// --confirm: re-measures the time-cost regressions with the programs the stores hold.
void confirm(reports::GateResult& result, const Side& base, const Side& cand,
             const reports::GateOptions& o, std::size_t n) {
  const auto cache = harness::default_cache_dir();
  reports::confirm_regressions(
      result, base.benchmarks, cand.benchmarks, o, n,
      [&](const reports::Benchmark& b, const reports::Benchmark& c, std::size_t times) {
        fmt::print(stderr, "perfjudge: --confirm: re-measuring {} {} times per side\n", c.name(),
                   times);
        const auto [rb, rc] = harness::remeasure_interleaved(
            program(base, b, "baseline"), program(cand, c, "candidate"), b.level,
            static_cast<std::uint64_t>(b.seed), times, cache);
        auto repeats = [](const harness::Remeasured& m) {
          reports::Repeats r;
          r.cpu_s = m.cpu_s;
          r.wall_s = m.wall_s;
          r.session.assign(m.cpu_s.size(), std::nullopt);
          return r;
        };
        return std::pair{repeats(rb), repeats(rc)};
      });
}

int run(const GateArgs& a) {
  const auto base_file = a.baseline.empty() ? a.db : a.baseline;
  const auto cand_file = a.candidate.empty() ? a.db : a.candidate;
  if (base_file.empty() || cand_file.empty()) {
    fail_usage(
        "give --baseline and --candidate (databases or report JSON), or --db with "
        "--baseline-run and --candidate-run");
  }
  if (base_file == cand_file && a.baseline_run == a.candidate_run) {
    fail_usage(
        "baseline and candidate are the same data; pick two runs with --baseline-run and "
        "--candidate-run");
  }
  reports::GateOptions o;
  o.metric = parse_cost(a.metric);
  o.max_increase = percent(a.max_increase, "--max-increase");
  o.max_total_increase = percent(a.max_total_increase, "--max-total-increase");
  o.min_effect = percent(a.min_effect, "--min-effect");
  if (!(a.alpha > 0 && a.alpha < 1)) fail_usage("--alpha must be between 0 and 1");
  o.alpha = a.alpha;
  o.min_repeats = a.min_repeats;
  o.allow_missing = a.allow_missing;
  const auto base = side(base_file, a.baseline_run, "baseline");
  const auto cand = side(cand_file, a.candidate_run, "candidate");
  auto result = reports::run_gate(base.benchmarks, cand.benchmarks, o);
  auto hosts = base.hosts;
  hosts.insert(hosts.end(), cand.hosts.begin(), cand.hosts.end());
  // After run_gate, which resolves --cost auto for the data; before any verdict is printed.
  const auto warning =
      reports::check_hosts(hosts, parse_cost(result.metric.empty() ? "cpu_time" : result.metric),
                           a.allow_host_mismatch, "gate");
  if (!warning.empty()) fmt::print(stderr, "perfjudge: {}\n", warning);
  const auto note =
      reports::threshold_note(base.benchmarks, cand.benchmarks, parse_cost(result.metric), o);
  if (!note.empty()) fmt::print(stderr, "perfjudge: note: {}\n", note);
  if (a.confirm > 0) confirm(result, base, cand, o, a.confirm);
  auto md = reports::gate_markdown(result, o);
  if (!note.empty()) md = "> note: " + note + "\n\n" + md;
  if (!warning.empty()) md = "> " + warning + "\n\n" + md;
  fmt::print("{}", md);
  if (!a.markdown.empty()) write_file(a.markdown, md);
  if (!a.junit.empty()) write_file(a.junit, reports::gate_junit(result));
  if (!a.bmf.empty()) write_file(a.bmf, reports::gate_bmf(cand.benchmarks));
  return result.exit_status();
}

}  // namespace

void add_gate(CLI::App& app, int& status) {
  auto a = std::make_shared<GateArgs>();
  auto* cmd =
      app.add_subcommand("gate", "CI regression verdict: exit 0 pass, 1 regression, 2 error");
  cmd->add_option("--baseline", a->baseline, "baseline: a perfjudge database or report JSON");
  cmd->add_option("--candidate", a->candidate, "candidate: a perfjudge database or report JSON");
  cmd->add_option("--db", a->db, "one database holding both runs");
  cmd->add_option("--baseline-run", a->baseline_run, "run id(s) of the baseline");
  cmd->add_option("--candidate-run", a->candidate_run, "run id(s) of the candidate");
  cmd->add_option("--cost,--metric", a->metric, kCostHelp)->capture_default_str();
  cmd->add_option("--max-increase", a->max_increase, "instruction counts: per benchmark, percent")
      ->capture_default_str();
  cmd->add_option("--max-total-increase", a->max_total_increase,
                  "instruction counts: geometric mean, percent")
      ->capture_default_str();
  cmd->add_option("--alpha", a->alpha, "times: Mann-Whitney significance level")
      ->capture_default_str();
  cmd->add_option("--min-effect", a->min_effect, "times: median change that matters, percent")
      ->capture_default_str();
  cmd->add_option("--min-repeats", a->min_repeats, "times: repeats needed per side")
      ->capture_default_str();
  cmd->add_flag("--allow-missing", a->allow_missing, "gate on common benchmarks only");
  cmd->add_flag("--allow-host-mismatch", a->allow_host_mismatch,
                "compare time costs measured on different CPU models (a warning, not an error)");
  cmd->add_option("--confirm", a->confirm,
                  "times: re-measure each regression N more times per side, interleaved, "
                  "before reporting it (databases of program tasks; N >= --min-repeats)");
  cmd->add_option("--junit", a->junit, "write JUnit XML here");
  cmd->add_option("--bmf", a->bmf, "write Bencher Metric Format JSON here");
  cmd->add_option("--markdown", a->markdown, "also write the Markdown summary here");
  cmd->callback([a, &status] { status = run(*a); });
}

}  // namespace pj::cli
