#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "reports/gate.hpp"
#include "reports/load.hpp"

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

std::vector<reports::Benchmark> side(const std::string& file,
                                     const std::vector<std::int64_t>& runs) {
  if (is_sqlite(file)) {
    reports::LoadOptions lo;
    lo.runs = runs;
    lo.with_repeats = true;
    return reports::benchmarks_of(reports::load(file, lo));
  }
  if (!runs.empty()) fail_usage(fmt::format("{}: --*-run only applies to a database", file));
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) fail_input(fmt::format("{}: neither a perfjudge database nor JSON", file));
  return reports::benchmarks_from_json(j, file);
}

void write_file(const std::string& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) fail_input(fmt::format("{}: cannot write", file));
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
  const auto base = side(base_file, a.baseline_run);
  const auto cand = side(cand_file, a.candidate_run);
  const auto result = reports::run_gate(base, cand, o);
  const auto md = reports::gate_markdown(result, o);
  fmt::print("{}", md);
  if (!a.markdown.empty()) write_file(a.markdown, md);
  if (!a.junit.empty()) write_file(a.junit, reports::gate_junit(result));
  if (!a.bmf.empty()) write_file(a.bmf, reports::gate_bmf(cand));
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
  cmd->add_option("--junit", a->junit, "write JUnit XML here");
  cmd->add_option("--bmf", a->bmf, "write Bencher Metric Format JSON here");
  cmd->add_option("--markdown", a->markdown, "also write the Markdown summary here");
  cmd->callback([a, &status] { status = run(*a); });
}

}  // namespace pj::cli
