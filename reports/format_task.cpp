#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"
#include "metrics/metrics.hpp"
#include "reports/format.hpp"

namespace pj::reports {

namespace {

std::vector<const Program*> programs_of(const Dataset& ds, const std::string& task) {
  std::vector<const Program*> out;
  for (const auto& p : ds.programs) {
    if (p.task_id == task) out.push_back(&p);
  }
  if (out.empty()) fail_input(fmt::format("no task '{}' in the selected runs", printable(task)));
  return out;
}

std::size_t repeats_of(const Program& p, int level, std::int64_t seed) {
  const auto it = p.repeats.find({level, seed});
  return it == p.repeats.end() ? 0 : it->second.cpu_s.size();
}

// One cell's stored repeats of the chosen cost (gross: each call or execution as measured) and
// their noise: the coefficient of variation, flagged above metrics::kUnstableCv, and the
// modified-z outliers, flagged and kept.
struct RepeatView {
  std::vector<double> costs;
  std::vector<std::optional<std::int64_t>> sessions;
  std::optional<double> cv;
  std::vector<std::size_t> outliers;
  bool unstable() const { return cv && *cv > metrics::kUnstableCv; }
};

std::optional<RepeatView> repeat_view(const Program& p, const StressCell& c, Cost k) {
  const auto it = p.repeats.find({c.level, c.seed});
  if (it == p.repeats.end()) return std::nullopt;
  const std::vector<double>* costs = it->second.of(k);
  if (!costs || costs->empty()) return std::nullopt;
  RepeatView v{*costs, it->second.session, metrics::coefficient_of_variation(*costs),
               metrics::mad_outliers(*costs)};
  return v;
}

// "repeats 7.55 8.64 | 7.11 6.45 | 9.62* 9.70": one group per session, '*' marks an outlier.
std::string repeats_line(const RepeatView& v) {
  std::string out;
  for (std::size_t i = 0; i < v.costs.size(); ++i) {
    if (i > 0) out += v.sessions[i] != v.sessions[i - 1] ? " | " : " ";
    out += format_number(v.costs[i]);
    if (std::find(v.outliers.begin(), v.outliers.end(), i) != v.outliers.end()) out += "*";
  }
  return out;
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    out += prefix + text.substr(start, end == std::string::npos ? end : end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// Up to kExcerptLines lines of a stored text, each made printable, and how many were left out.
std::string excerpt(const std::string& text, const std::string& prefix) {
  constexpr std::size_t kExcerptLines = 60;
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
                     (!text.empty() && text.back() != '\n' ? 1 : 0);
  std::string out = indent(first_lines(text, kExcerptLines), prefix);
  if (lines > kExcerptLines)
    out += fmt::format("{}({} more lines)\n", prefix, lines - kExcerptLines);
  return out;
}

std::string json_list(const nlohmann::json& items) {
  std::vector<std::string> parts;
  for (const auto& item : items)
    parts.push_back(item.is_string() ? item.get<std::string>() : item.dump());
  return printable(fmt::format("{}", fmt::join(parts, ", ")), 400);
}

// What sanitizing did, field by field (the stored report is JSON; see README "Raw responses").
void sanitize_text(const std::string& report_json, std::string& out) {
  const auto r = nlohmann::json::parse(report_json, nullptr, false);
  if (!r.is_object()) {
    out += "    sanitize report (unreadable): " + printable(report_json, 300) + "\n";
    return;
  }
  const auto chosen = r.value("block_chosen", nlohmann::json());
  const auto language = r.value("language", nlohmann::json());
  const std::string choice =
      chosen.is_number()
          ? fmt::format("chose block {} ({})", chosen.get<int>(),
                        printable(language.is_string() ? language.get<std::string>() : "?", 32))
          : "no block chosen";
  out += fmt::format("    sanitize: {} block(s) found; {}\n", r.value("blocks_found", 0), choice);
  if (const auto removed = r.value("lines_removed", nlohmann::json::array()); !removed.empty()) {
    out += fmt::format("      lines removed: {}\n", json_list(removed));
  }
  for (const auto& m : r.value("merged", nlohmann::json::array())) {
    out += fmt::format("      merged from block {}: {}\n", m.value("block", 0),
                       json_list(m.value("names", nlohmann::json::array())));
  }
  for (const auto& note : r.value("notes", nlohmann::json::array())) {
    if (note.is_string()) out += "      note: " + printable(note.get<std::string>(), 300) + "\n";
  }
  if (const auto reason = r.value("reason", std::string()); !reason.empty()) {
    out += "      reason: " + printable(reason, 300) + "\n";
  }
}

void program_text(const Program& p, Cost k, bool with_calls, std::string& out) {
  if (p.role == "reference") {
    out += fmt::format("  reference {} ({}, rank {})\n", printable(p.sample_id, 128),
                       printable(p.ref_level.value_or("?"), 64), p.ref_rank.value_or(0));
  } else {
    const auto stress_failed = stress_failure_text(p);
    out += fmt::format("  sample {} / {}  [{}]  {}\n", printable(p.model, 256),
                       printable(p.sample_id, 128), printable(p.language, 32),
                       !p.result               ? std::string("not judged")
                       : stress_failed.empty() ? printable(p.result->verdict, 32)
                                               : std::string("FAILED"));
    if (p.origin) out += fmt::format("    from {}\n", printable(*p.origin, 256));
    if (!stress_failed.empty()) {
      out += fmt::format(
          "    failed: passed the correctness tests, then {}; a wrong answer or crash on any "
          "stress input fails the sample for every metric\n",
          stress_failed);
    }
  }
  if (p.result && !p.result->passed) {
    const std::string message = printable(p.result->message.value_or(""), 512);
    out += p.result->failed_test ? fmt::format("    failed test {}: {}\n",
                                               printable(*p.result->failed_test, 128), message)
                                 : fmt::format("    failed: {}\n", message);
    if (p.result->output_excerpt && !p.result->output_excerpt->empty()) {
      out += indent(first_lines(*p.result->output_excerpt, 5), "    | ");
    }
  }
  for (const auto& c : p.stress) {
    const auto v = cost_of(c, k);
    const auto rv = repeat_view(p, c, k);
    const std::string noise = !rv || !rv->cv ? std::string()
                                             : fmt::format(", CV {:.1f} %{}", 100 * *rv->cv,
                                                           rv->unstable() ? " unstable" : "");
    out += fmt::format("    L{} seed {}: {}{} {} ({} repeats{})\n", c.level, c.seed,
                       printable(c.verdict, 32), c.censored ? " (censored)" : "",
                       v ? format_number(*v) : "-", repeats_of(p, c.level, c.seed), noise);
    if (rv && with_calls) out += "      repeats " + repeats_line(*rv) + "\n";
  }
  if (p.role != "sample") return;
  if (p.raw_response) out += "    raw response:\n" + excerpt(*p.raw_response, "    > ");
  out += "    program:\n" + excerpt(p.source, "    : ");
  if (p.sanitize_json) sanitize_text(*p.sanitize_json, out);
}

nlohmann::json repeats_json(const RepeatView& v) {
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& s : v.sessions) sessions.push_back(s ? nlohmann::json(*s) : nullptr);
  return {{"costs", v.costs},
          {"sessions", sessions},
          {"cv", v.cv ? nlohmann::json(*v.cv) : nullptr},
          {"unstable", v.unstable()},
          {"outliers", v.outliers}};
}

nlohmann::json program_json(const Program& p, Cost k) {
  nlohmann::json levels = nlohmann::json::array();
  for (const auto& c : p.stress) {
    auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nullptr; };
    const auto rv = repeat_view(p, c, k);
    levels.push_back({{"level", c.level},
                      {"seed", c.seed},
                      {"verdict", c.verdict},
                      {"censored", c.censored},
                      {"instructions", opt(c.instructions)},
                      {"cpu_s", opt(c.cpu_s)},
                      {"wall_s", opt(c.wall_s)},
                      {"max_rss_kib", opt(c.max_rss_kib)},
                      {"repeats", repeats_of(p, c.level, c.seed)},
                      {"per_repeat", rv ? repeats_json(*rv) : nlohmann::json(nullptr)}});
  }
  nlohmann::json j = {{"role", p.role},         {"model", p.model}, {"sample_id", p.sample_id},
                      {"language", p.language}, {"run", p.run_id},  {"stress", levels},
                      {"source", p.source}};
  if (p.ref_level) j["ref_level"] = *p.ref_level;
  if (p.ref_rank) j["ref_rank"] = *p.ref_rank;
  if (p.raw_response) j["raw_response"] = *p.raw_response;
  if (p.sanitize_json) {
    auto report = nlohmann::json::parse(*p.sanitize_json, nullptr, false);
    j["sanitize"] = report.is_discarded() ? nlohmann::json(*p.sanitize_json) : report;
  }
  if (p.origin) j["origin"] = *p.origin;
  if (p.result) {
    j["verdict"] = p.result->verdict;
    j["passed"] = p.passed();
    if (const auto why = stress_failure_text(p); !why.empty()) j["failed_stress"] = why;
    if (p.result->failed_test) j["failed_test"] = *p.result->failed_test;
    if (p.result->message) j["message"] = *p.result->message;
    if (p.result->output_excerpt) j["output_excerpt"] = first_lines(*p.result->output_excerpt, 20);
  }
  return j;
}

}  // namespace

std::string format_task_text(const Dataset& ds, const Leaderboard& lb, const std::string& task,
                             bool with_calls) {
  const auto progs = programs_of(ds, task);
  std::string out = fmt::format("task {} · cost {}\n", printable(task, 128), to_string(lb.cost));
  for (const auto* p : progs) {
    if (p->role == "reference") program_text(*p, lb.cost, with_calls, out);
  }
  for (const auto* p : progs) {
    if (p->role == "sample") program_text(*p, lb.cost, with_calls, out);
  }
  return out;
}

nlohmann::json task_to_json(const Dataset& ds, const Leaderboard& lb, const std::string& task) {
  nlohmann::json programs = nlohmann::json::array();
  for (const auto* p : programs_of(ds, task)) programs.push_back(program_json(*p, lb.cost));
  return {{"task", task}, {"cost", to_string(lb.cost)}, {"programs", programs}};
}

}  // namespace pj::reports
