#include "reports/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "metrics/metrics.hpp"
#include "reports/format.hpp"
#include "reports/text_table.hpp"

namespace pj::reports {

namespace {

struct SideTasks {
  std::map<std::string, std::vector<Benchmark>> benchmarks;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;  // n, correct
};

// One side's benchmarks, renamed so both sides share keys: model "", sample id = ordinal.
SideTasks collect(const CompareSide& s) {
  SideTasks out;
  std::map<std::string, std::map<std::string, std::size_t>> ordinal;
  for (const auto& p : s.ds->programs) {
    if (p.role != "sample" || p.model != s.model) continue;
    auto& [n, c] = out.counts[p.task_id];
    ++n;
    c += p.passed() ? 1 : 0;
    auto& ord = ordinal[p.task_id];
    ord.emplace(p.sample_id, ord.size());
  }
  if (out.counts.empty()) {
    fail_input(fmt::format("{}: no samples of model '{}'", s.label, printable(s.model)));
  }
  for (auto b : benchmarks_of(*s.ds)) {
    if (b.model != s.model) continue;
    b.sample_id = std::to_string(ordinal[b.task][b.sample_id]);
    b.model = "";
    out.benchmarks[b.task].push_back(std::move(b));
  }
  return out;
}

}  // namespace

Comparison compare(const CompareSide& a, const CompareSide& b, const GateOptions& opt) {
  const auto sa = collect(a), sb = collect(b);
  Comparison c{a.label, b.label, "", {}, 0, 0, 0};
  std::set<std::string> tasks;
  for (const auto& [t, _] : sa.counts) tasks.insert(t);
  for (const auto& [t, _] : sb.counts) tasks.insert(t);
  auto o = opt;
  o.allow_missing = true;
  for (const auto& t : tasks) {
    TaskDelta d;
    d.task = t;
    if (auto it = sa.counts.find(t); it != sa.counts.end())
      std::tie(d.n_a, d.correct_a) = it->second;
    if (auto it = sb.counts.find(t); it != sb.counts.end())
      std::tie(d.n_b, d.correct_b) = it->second;
    const auto ia = sa.benchmarks.find(t), ib = sb.benchmarks.find(t);
    if (d.n_a == 0 || d.n_b == 0) {
      d.verdict = d.n_a == 0 ? "only-b" : "only-a";
      c.tasks.push_back(std::move(d));
      continue;
    }
    if (ia != sa.benchmarks.end() && ib != sb.benchmarks.end()) {
      const auto r = run_gate(ia->second, ib->second, o);
      c.metric = r.metric;
      std::vector<double> changes;
      for (const auto& v : r.items) {
        d.regressions += v.outcome == Outcome::Regression;
        d.improvements += v.outcome == Outcome::Improvement;
        if (v.change) changes.push_back(*v.change);
      }
      if (!changes.empty()) d.median_change = metrics::median(changes);
    }
    d.verdict = d.improvements > d.regressions   ? "win"
                : d.regressions > d.improvements ? "loss"
                                                 : "tie";
    c.wins += d.verdict == "win";
    c.losses += d.verdict == "loss";
    c.ties += d.verdict == "tie";
    c.tasks.push_back(std::move(d));
  }
  return c;
}

std::string format_compare_text(const Comparison& c) {
  const auto a = truncate_cols(printable(c.a, 256), 30), b = truncate_cols(printable(c.b, 256), 30);
  std::string out = fmt::format(
      "compare A = {} vs B = {} · metric {} · B: {} win(s), {} loss(es), "
      "{} tie(s)\n\n",
      a, b, c.metric.empty() ? "-" : c.metric, c.wins, c.losses, c.ties);
  out += fmt::format("{:<24} {:>9} {:>9} {:>9} {:>5} {:>5}  {}\n", "task", "A pass", "B pass",
                     "B/A-1", "worse", "better", "verdict");
  for (const auto& d : c.tasks) {
    out += fmt::format("{} {:>9} {:>9} {:>9} {:>5} {:>5}  {}\n",
                       pad_right(truncate_cols(printable(d.task, 128), 24), 24),
                       fmt::format("{}/{}", d.correct_a, d.n_a),
                       fmt::format("{}/{}", d.correct_b, d.n_b),
                       d.median_change ? fmt::format("{:+.1f}%", *d.median_change * 100) : "-",
                       d.regressions, d.improvements, d.verdict);
  }
  return out;
}

std::string format_compare_markdown(const Comparison& c) {
  std::string out = fmt::format(
      "## {} vs {}\n\nB wins {}, loses {}, ties {} (metric `{}`).\n\n"
      "| task | A pass | B pass | B/A − 1 | worse | better | verdict |\n"
      "| --- | ---: | ---: | ---: | ---: | ---: | --- |\n",
      md_escape(c.a), md_escape(c.b), c.wins, c.losses, c.ties, c.metric);
  for (const auto& d : c.tasks) {
    out += fmt::format("| {} | {}/{} | {}/{} | {} | {} | {} | {} |\n", md_escape(d.task),
                       d.correct_a, d.n_a, d.correct_b, d.n_b,
                       d.median_change ? fmt::format("{:+.1f}%", *d.median_change * 100) : "–",
                       d.regressions, d.improvements, d.verdict);
  }
  return out;
}

nlohmann::json compare_to_json(const Comparison& c) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& d : c.tasks) {
    tasks.push_back(
        {{"task", d.task},
         {"a", {{"n", d.n_a}, {"correct", d.correct_a}}},
         {"b", {{"n", d.n_b}, {"correct", d.correct_b}}},
         {"median_change", d.median_change ? nlohmann::json(*d.median_change) : nullptr},
         {"regressions", d.regressions},
         {"improvements", d.improvements},
         {"verdict", d.verdict}});
  }
  return {{"a", c.a},           {"b", c.b},       {"metric", c.metric}, {"wins", c.wins},
          {"losses", c.losses}, {"ties", c.ties}, {"tasks", tasks}};
}

}  // namespace pj::reports
