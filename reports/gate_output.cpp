#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "metrics/metrics.hpp"
#include "reports/format.hpp"
#include "reports/gate.hpp"

namespace pj::reports {

namespace {

std::string num(const std::optional<double>& v) {
  return v ? format_number(*v) : "–";
}
std::string pct(const std::optional<double>& v) {
  return v ? fmt::format("{:+.2f}%", *v * 100) : "–";
}

int order(Outcome o) {
  switch (o) {
    case Outcome::Regression:
      return 0;
    case Outcome::Missing:
      return 1;
    case Outcome::Improvement:
      return 2;
    default:
      return 3;
  }
}

std::string xml(std::string_view s) {
  return html_escape(printable(s, 4096));
}

}  // namespace

std::string gate_markdown(const GateResult& r, const GateOptions& o) {
  const auto count = [&](Outcome x) {
    return std::count_if(r.items.begin(), r.items.end(),
                         [&](const BenchVerdict& v) { return v.outcome == x; });
  };
  std::string out = fmt::format(
      "## perfjudge gate: {}\n\n{} benchmarks on `{}`: {} regression(s), {} improvement(s), {} "
      "unchanged, {} missing.\n\n",
      r.regression() ? "❌ regression" : "✅ pass", r.items.size(), r.metric,
      count(Outcome::Regression), count(Outcome::Improvement), count(Outcome::Pass),
      count(Outcome::Missing));
  if (r.metric == "instructions") {
    out += fmt::format(
        "Rule: fail when a benchmark's instruction count rises more than {:.2f}% or "
        "their geometric mean more than {:.2f}%.\n\n",
        o.max_increase * 100, o.max_total_increase * 100);
  } else {
    out += fmt::format(
        "Rule: fail when a two-sided Mann–Whitney U test is significant at α={} "
        "and the median rises more than {:.1f}% (at least {} repeats per side).\n\n",
        o.alpha, o.min_effect * 100, o.min_repeats);
  }
  if (r.total_change) {
    out += fmt::format("Geometric mean change: **{}**{}\n\n", pct(r.total_change),
                       r.total_regression ? " (above the limit)" : "");
  }
  out +=
      "| benchmark | baseline | candidate | change | 95% CI | p | verdict |\n"
      "| --- | ---: | ---: | ---: | --- | ---: | --- |\n";
  auto items = r.items;
  std::stable_sort(items.begin(), items.end(), [](const BenchVerdict& a, const BenchVerdict& b) {
    return order(a.outcome) < order(b.outcome);
  });
  for (const auto& v : items) {
    const auto ci = v.change_ci
                        ? fmt::format("[{}, {}]", pct(v.change_ci->lo), pct(v.change_ci->hi))
                        : std::string("–");
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {}{} |\n", md_escape(v.name),
                       num(v.baseline), num(v.candidate), pct(v.change), ci,
                       v.p_value ? fmt::format("{:.3g}", *v.p_value) : "–", to_string(v.outcome),
                       v.note.empty() ? "" : ": " + md_escape(v.note));
  }
  return out;
}

std::string gate_junit(const GateResult& r) {
  std::string cases;
  int failures = 0;
  auto add = [&](const std::string& name, bool failed, const std::string& msg) {
    cases += fmt::format("    <testcase classname=\"perfjudge.gate\" name=\"{}\">\n", xml(name));
    if (failed) {
      ++failures;
      cases += fmt::format("      <failure message=\"{0}\" type=\"regression\">{0}</failure>\n",
                           xml(msg));
    } else {
      cases += fmt::format("      <system-out>{}</system-out>\n", xml(msg));
    }
    cases += "    </testcase>\n";
  };
  for (const auto& v : r.items) {
    add(v.name, v.outcome == Outcome::Regression,
        fmt::format("{}: {} ({})", to_string(v.outcome), v.note, v.metric));
  }
  if (r.total_change) {
    add("geometric-mean", r.total_regression,
        fmt::format("geometric mean change {}", pct(r.total_change)));
  }
  const auto n = r.items.size() + (r.total_change ? 1 : 0);
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"{0}\" failures=\"{1}\">\n"
      "  <testsuite name=\"perfjudge gate\" tests=\"{0}\" failures=\"{1}\" errors=\"0\">\n{2}"
      "  </testsuite>\n</testsuites>\n",
      n, failures, cases);
}

std::string gate_bmf(const std::vector<Benchmark>& candidate) {
  nlohmann::json out = nlohmann::json::object();
  auto measure = [](const std::vector<double>& xs, double scale) {
    const auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
    return nlohmann::json{{"value", metrics::median(xs) * scale},
                          {"lower_value", *lo * scale},
                          {"upper_value", *hi * scale}};
  };
  for (const auto& b : candidate) {
    if (b.verdict != "OK") continue;
    nlohmann::json m = nlohmann::json::object();
    if (!b.repeats.wall_s.empty()) m["latency"] = measure(b.repeats.wall_s, 1e9);
    if (!b.repeats.cpu_s.empty()) m["cpu-time"] = measure(b.repeats.cpu_s, 1e9);
    if (!b.repeats.instructions.empty()) m["instructions"] = measure(b.repeats.instructions, 1);
    if (!m.empty()) out[b.name()] = m;
  }
  return out.dump(2, ' ', true, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace pj::reports
