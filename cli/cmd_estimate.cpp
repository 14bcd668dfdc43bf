// `perfjudge estimate`: the metric estimators on numbers a researcher already has.
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "metrics/metrics.hpp"

namespace pj::cli {

namespace {

// Every value is printed with 10 significant digits; JSON carries the same rounded number so
// the two outputs agree digit for digit.
std::string ten_digits(double v) {
  return fmt::format("{:.10g}", v);
}
double rounded(double v) {
  return std::stod(ten_digits(v));
}

// Strict parse: the whole token must be a number ("nan" parses and is rejected later by the
// metric, with its index).
std::optional<double> parse_number(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::vector<double> parse_args(const std::vector<std::string>& tokens, std::string_view what) {
  std::vector<double> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto v = parse_number(tokens[i]);
    if (!v)
      fail_input(fmt::format("{} {} ('{}') is not a number", what, i, printable(tokens[i], 80)));
    out.push_back(*v);
  }
  return out;
}

std::vector<double> scores_from_json(const std::string& text, const std::string& path) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    // Not only parse_error: a number beyond double's range ([1e400]) is out_of_range.
    fail_input(fmt::format("{}: not valid JSON: {}", printable(path), printable(e.what(), 200)));
  }
  if (!doc.is_array())
    fail_input(fmt::format("{}: expected a JSON array of numbers", printable(path)));
  std::vector<double> out;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    if (!doc[i].is_number())
      fail_input(fmt::format("{}: element {} is not a number", printable(path), i));
    out.push_back(doc[i].get<double>());
  }
  return out;
}

std::vector<double> scores_from_lines(const std::string& text, const std::string& path) {
  std::vector<double> out;
  std::istringstream in(text);
  std::string line;
  for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
    const auto v = parse_number(line);
    if (!v)
      fail_input(
          fmt::format("{}:{}: '{}' is not a number", printable(path), lineno, printable(line, 80)));
    out.push_back(*v);
  }
  return out;
}

std::vector<double> read_scores(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) fail_input(fmt::format("{}: cannot open the scores file", printable(path)));
  std::ostringstream buf;
  buf << f.rdbuf();
  const std::string text = buf.str();
  const auto first = text.find_first_not_of(" \t\r\n");
  std::vector<double> scores = first != std::string::npos && text[first] == '['
                                   ? scores_from_json(text, path)
                                   : scores_from_lines(text, path);
  if (scores.empty()) fail_input(fmt::format("{}: the file has no scores", printable(path)));
  return scores;
}

void print_value(bool json, nlohmann::json doc, double value) {
  if (json) {
    doc["value"] = rounded(value);
    fmt::print("{}\n", doc.dump());
  } else {
    fmt::print("{}\n", ten_digits(value));
  }
}

struct PassArgs {
  std::int64_t n = 0, c = 0, k = 0;
  bool json = false;
};

void add_pass_at_k(CLI::App& est) {
  auto args = std::make_shared<PassArgs>();
  auto* cmd = est.add_subcommand("pass-at-k", "unbiased pass@k from n samples with c correct");
  cmd->add_option("--n", args->n, "samples per problem")->required();
  cmd->add_option("--c", args->c, "correct samples")->required();
  cmd->add_option("--k", args->k, "k")->required();
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args] {
    const double v = metrics::pass_at_k(args->n, args->c, args->k);
    print_value(args->json, {{"metric", "pass@k"}, {"n", args->n}, {"c", args->c}, {"k", args->k}},
                v);
  });
}

struct EffArgs {
  std::int64_t k = 0;
  std::vector<std::string> scores;
  std::string file;
  bool json = false;
};

void add_eff_at_k(CLI::App& est) {
  auto args = std::make_shared<EffArgs>();
  auto* cmd = est.add_subcommand("eff-at-k", "ENAMEL eff@k from per-sample efficiency scores");
  cmd->add_option("--k", args->k, "k")->required();
  auto* pos = cmd->add_option("SCORE", args->scores, "per-sample scores (>= 0)");
  auto* file =
      cmd->add_option("--scores", args->file, "file of scores: one per line, or a JSON array");
  pos->excludes(file);
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args] {
    const std::vector<double> scores =
        args->file.empty() ? parse_args(args->scores, "eff@k: score") : read_scores(args->file);
    if (scores.empty()) fail_usage("eff@k: give the scores as arguments or with --scores FILE");
    const double v = metrics::eff_at_k(scores, args->k);
    print_value(args->json, {{"metric", "eff@k"}, {"n", scores.size()}, {"k", args->k}}, v);
  });
}

struct DpsArgs {
  std::vector<std::string> pool;
  std::string sample;
  metrics::DpsOptions opt;
  bool json = false;
};

void add_dps(CLI::App& est) {
  auto args = std::make_shared<DpsArgs>();
  auto* cmd = est.add_subcommand("dps", "EvalPerf DPS and DPS_norm of one sample against a pool");
  cmd->add_option("--pool", args->pool, "costs of the reference pool (e.g. instructions)")
      ->required();
  cmd->add_option("--sample", args->sample, "cost of the sample")->required();
  cmd->add_option("--w", args->opt.w, "clustering constant w")->capture_default_str();
  cmd->add_option("--base", args->opt.base, "clustering base gap")->capture_default_str();
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args] {
    const std::vector<double> pool = parse_args(args->pool, "DPS: pool cost");
    const auto sample = parse_number(args->sample);
    if (!sample)
      fail_input(fmt::format("DPS: sample cost '{}' is not a number", printable(args->sample, 80)));
    const metrics::DpsClusters clusters = metrics::dps_clusters(pool, args->opt);
    const metrics::DpsScore s = metrics::dps_score(clusters, *sample);
    if (!args->json) {
      fmt::print("dps {}\ndps_norm {}\n", ten_digits(s.dps), ten_digits(s.dps_norm));
      return;
    }
    nlohmann::json doc{
        {"metric", "dps"}, {"dps", rounded(s.dps)}, {"dps_norm", rounded(s.dps_norm)}};
    for (std::size_t j = 0; j < clusters.representatives.size(); ++j)
      doc["clusters"].push_back({{"representative", rounded(clusters.representatives[j])},
                                 {"cumulative_percent", rounded(clusters.scores[j])}});
    fmt::print("{}\n", doc.dump());
  });
}

}  // namespace

void add_estimate(CLI::App& app, int& /*status*/) {
  auto* est = app.add_subcommand("estimate", "pass@k, eff@k and DPS from numbers you already have");
  est->require_subcommand(1);
  add_pass_at_k(*est);
  add_eff_at_k(*est);
  add_dps(*est);
}

}  // namespace pj::cli
