#include "reports/gate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"

namespace pj::reports {

std::string Benchmark::name() const {
  return fmt::format("{}/L{}/s{}/{}", task, level, seed, program());
}

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::Pass:
      return "pass";
    case Outcome::Regression:
      return "regression";
    case Outcome::Improvement:
      return "improvement";
    case Outcome::Missing:
      return "missing";
  }
  return "?";
}

bool GateResult::regression() const {
  return total_regression || std::any_of(items.begin(), items.end(), [](const BenchVerdict& v) {
           return v.outcome == Outcome::Regression;
         });
}

int GateResult::exit_status() const {
  return regression() ? 1 : 0;
}

std::vector<Benchmark> benchmarks_of(const Dataset& ds) {
  std::vector<Benchmark> out;
  for (const auto& p : ds.programs) {
    if (p.role != "sample") continue;
    std::vector<std::pair<int, std::int64_t>> units;
    if (const auto* t = ds.task(p.run_id, p.task_id)) {
      for (const auto& l : t->levels) {
        for (const auto s : l.seeds) units.emplace_back(l.level, s);
      }
    }
    for (const auto& c : p.stress) {
      if (std::find(units.begin(), units.end(), std::pair{c.level, c.seed}) == units.end()) {
        units.emplace_back(c.level, c.seed);
      }
    }
    std::sort(units.begin(), units.end());
    for (const auto& [level, seed] : units) {
      Benchmark b{p.task_id, level, seed, p.model, p.sample_id, "", false, {}};
      if (const auto* c = p.cell(level, seed)) {
        b.verdict = c->verdict;
        b.censored = c->censored;
        if (auto it = p.repeats.find({level, seed}); it != p.repeats.end()) b.repeats = it->second;
      } else if (!p.result) {
        b.verdict = "NOT_JUDGED";
      } else {
        b.verdict = p.result->passed ? "NOT_RUN" : p.result->verdict;
      }
      out.push_back(std::move(b));
    }
  }
  return out;
}

nlohmann::json benchmarks_to_json(const std::vector<Benchmark>& bs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& b : bs) {
    out.push_back({{"task", b.task},
                   {"level", b.level},
                   {"seed", b.seed},
                   {"model", b.model},
                   {"sample_id", b.sample_id},
                   {"verdict", b.verdict},
                   {"censored", b.censored},
                   {"repeats",
                    {{"instructions", b.repeats.instructions},
                     {"cpu_s", b.repeats.cpu_s},
                     {"wall_s", b.repeats.wall_s}}}});
  }
  return out;
}

std::vector<Benchmark> benchmarks_from_json(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object() || !j.contains("benchmarks") || !j["benchmarks"].is_array()) {
    fail_input(
        fmt::format("{}: not a `perfjudge report --format json` file (no \"benchmarks\" "
                    "array)",
                    where));
  }
  std::vector<Benchmark> out;
  std::size_t i = 0;
  try {
    for (const auto& e : j["benchmarks"]) {
      Benchmark b;
      b.task = e.at("task").get<std::string>();
      b.level = e.at("level").get<int>();
      b.seed = e.at("seed").get<std::int64_t>();
      b.model = e.at("model").get<std::string>();
      b.sample_id = e.at("sample_id").get<std::string>();
      b.verdict = e.at("verdict").get<std::string>();
      b.censored = e.value("censored", false);
      const auto& r = e.at("repeats");
      b.repeats.instructions = r.value("instructions", std::vector<double>{});
      b.repeats.cpu_s = r.value("cpu_s", std::vector<double>{});
      b.repeats.wall_s = r.value("wall_s", std::vector<double>{});
      out.push_back(std::move(b));
      ++i;
    }
  } catch (const nlohmann::json::exception& e) {
    fail_input(fmt::format("{}: benchmarks[{}]: {}", where, i, e.what()));
  }
  return out;
}

namespace {

using Key = std::tuple<std::string, int, std::int64_t, std::string>;
Key key_of(const Benchmark& b) {
  return {b.task, b.level, b.seed, b.program()};
}

struct Pairing {
  std::vector<std::pair<const Benchmark*, const Benchmark*>> pairs;
  std::vector<const Benchmark*> only_baseline, only_candidate;
};

// Exact (task, level, seed, program) matches first; then, per (task, level, seed), a single
// leftover on each side is the same program renamed (old and new builds of one program).
Pairing pair_up(const std::vector<Benchmark>& base, const std::vector<Benchmark>& cand) {
  Pairing p;
  std::map<Key, const Benchmark*> c_by_key;
  for (const auto& c : cand) {
    if (!c_by_key.emplace(key_of(c), &c).second) {
      fail_input(fmt::format("candidate: benchmark {} appears twice", c.name()));
    }
  }
  std::set<Key> b_keys;
  std::map<std::tuple<std::string, int, std::int64_t>, std::vector<const Benchmark*>> lb, lc;
  for (const auto& b : base) {
    if (!b_keys.insert(key_of(b)).second) {
      fail_input(fmt::format("baseline: benchmark {} appears twice", b.name()));
    }
    if (auto it = c_by_key.find(key_of(b)); it != c_by_key.end()) {
      p.pairs.emplace_back(&b, it->second);
      c_by_key.erase(it);
    } else {
      lb[{b.task, b.level, b.seed}].push_back(&b);
    }
  }
  for (const auto& [k, c] : c_by_key) lc[{c->task, c->level, c->seed}].push_back(c);
  for (auto& [k, bs] : lb) {
    auto it = lc.find(k);
    if (bs.size() == 1 && it != lc.end() && it->second.size() == 1) {
      p.pairs.emplace_back(bs[0], it->second[0]);
      lc.erase(it);
    } else {
      p.only_baseline.insert(p.only_baseline.end(), bs.begin(), bs.end());
    }
  }
  for (const auto& [k, cs] : lc)
    p.only_candidate.insert(p.only_candidate.end(), cs.begin(), cs.end());
  return p;
}

const std::vector<double>& values(const Benchmark& b, Cost m) {
  switch (m) {
    case Cost::Instructions:
      return b.repeats.instructions;
    case Cost::WallTime:
      return b.repeats.wall_s;
    default:
      return b.repeats.cpu_s;
  }
}

std::string metric_name(Cost m) {
  switch (m) {
    case Cost::Instructions:
      return "instructions";
    case Cost::WallTime:
      return "wall_time";
    default:
      return "cpu_time";
  }
}

Cost resolve_metric(const Pairing& p, Cost m) {
  if (m != Cost::Auto && m != Cost::Instructions) return m;
  bool all = true;
  for (const auto& [b, c] : p.pairs) {
    for (const auto* x : {b, c}) {
      if (x->verdict == "OK" && x->repeats.instructions.empty()) {
        if (m == Cost::Instructions) {
          fail_input(
              fmt::format("benchmark {} has no instruction counts (run with a counter "
                          "backend, or gate on --metric cpu_time)",
                          x->name()));
        }
        all = false;
      }
    }
  }
  return all ? Cost::Instructions : Cost::CpuTime;
}

std::string pct(double change) {
  return fmt::format("{:+.2f}%", change * 100);
}

BenchVerdict judge(const Benchmark& b, const Benchmark& c, Cost m, const GateOptions& o) {
  BenchVerdict v;
  v.name = c.name() == b.name() ? b.name() : fmt::format("{} (baseline {})", c.name(), b.program());
  v.metric = metric_name(m);
  const bool bok = b.verdict == "OK", cok = c.verdict == "OK";
  if (!bok || !cok) {
    v.outcome = bok ? Outcome::Regression : (cok ? Outcome::Improvement : Outcome::Pass);
    v.note = fmt::format("baseline {}, candidate {}", b.verdict, c.verdict);
    return v;
  }
  const auto& xb = values(b, m);
  const auto& xc = values(c, m);
  if (xb.empty() || xc.empty()) {
    fail_input(fmt::format("benchmark {} has no measured repeats of {}", v.name, v.metric));
  }
  v.baseline = metrics::median(xb);
  v.candidate = metrics::median(xc);
  if (!(*v.baseline > 0))
    fail_input(fmt::format("benchmark {}: baseline {} is 0", v.name, v.metric));
  v.change = *v.candidate / *v.baseline - 1;
  if (m == Cost::Instructions) {
    if (*v.change > o.max_increase) v.outcome = Outcome::Regression;
    if (*v.change < -o.max_increase) v.outcome = Outcome::Improvement;
    v.note = fmt::format("{} vs limit {}", pct(*v.change), pct(o.max_increase));
    return v;
  }
  if (xb.size() < o.min_repeats || xc.size() < o.min_repeats) {
    fail_input(
        fmt::format("benchmark {}: the time rule needs at least {} repeats per side, got "
                    "{} (baseline) and {} (candidate); run with more --repeats",
                    v.name, o.min_repeats, xb.size(), xc.size()));
  }
  const auto test = metrics::mann_whitney_u(xb, xc);
  const auto est = metrics::ratio_estimate(xb, xc);
  v.p_value = test.p_value;
  v.change_ci = metrics::Interval{est.ci.lo - 1, est.ci.hi - 1};
  const bool significant = test.p_value < o.alpha;
  if (significant && *v.change > o.min_effect) v.outcome = Outcome::Regression;
  if (significant && *v.change < -o.min_effect) v.outcome = Outcome::Improvement;
  v.note = fmt::format("median {}, HL ratio {:.3f} [{:.3f}, {:.3f}], p={:.3g}", pct(*v.change),
                       est.ratio, est.ci.lo, est.ci.hi, test.p_value);
  return v;
}

}  // namespace

GateResult run_gate(const std::vector<Benchmark>& baseline, const std::vector<Benchmark>& candidate,
                    const GateOptions& opt) {
  const auto p = pair_up(baseline, candidate);
  if (!opt.allow_missing && (!p.only_baseline.empty() || !p.only_candidate.empty())) {
    const auto* b = p.only_baseline.empty() ? p.only_candidate.front() : p.only_baseline.front();
    fail_input(fmt::format(
        "benchmarks do not match: {} only in the baseline, {} only in the candidate (first: {}); "
        "pass --allow-missing to gate on the common ones",
        p.only_baseline.size(), p.only_candidate.size(), b->name()));
  }
  if (p.pairs.empty()) fail_input("no benchmark is present on both sides");
  GateResult r;
  const auto m = resolve_metric(p, opt.metric);
  r.metric = metric_name(m);
  std::vector<double> ratios;
  for (const auto& [b, c] : p.pairs) {
    r.items.push_back(judge(*b, *c, m, opt));
    r.items.back().baseline_index = static_cast<std::size_t>(b - baseline.data());
    r.items.back().candidate_index = static_cast<std::size_t>(c - candidate.data());
    if (r.items.back().change) ratios.push_back(1 + *r.items.back().change);
  }
  for (const auto* side : {&p.only_baseline, &p.only_candidate}) {
    for (const auto* b : *side) {
      BenchVerdict v;
      v.name = b->name();
      v.outcome = Outcome::Missing;
      v.metric = r.metric;
      v.note = side == &p.only_baseline ? "only in the baseline" : "only in the candidate";
      r.items.push_back(std::move(v));
    }
  }
  if (!ratios.empty() &&
      std::all_of(ratios.begin(), ratios.end(), [](double x) { return x > 0; })) {
    r.total_change = metrics::geometric_mean(ratios) - 1;
    r.total_regression = m == Cost::Instructions && *r.total_change > opt.max_total_increase;
  }
  return r;
}

void confirm_regressions(GateResult& r, const std::vector<Benchmark>& baseline,
                         const std::vector<Benchmark>& candidate, const GateOptions& opt,
                         std::size_t n, const Remeasure& remeasure) {
  if (n < opt.min_repeats) {
    fail_usage(
        fmt::format("--confirm {}: the time rule needs at least --min-repeats {} "
                    "re-measurements per side",
                    n, opt.min_repeats));
  }
  const Cost m = r.metric == "wall_time" ? Cost::WallTime : Cost::CpuTime;
  if (r.metric == "instructions") return;  // counts do not drift: nothing to confirm
  for (auto& v : r.items) {
    // Measured regressions only: a failure on the candidate side is not noise.
    if (v.outcome != Outcome::Regression || !v.change || !v.baseline_index || !v.candidate_index)
      continue;
    Benchmark b = baseline.at(*v.baseline_index);
    Benchmark c = candidate.at(*v.candidate_index);
    auto [fresh_b, fresh_c] = remeasure(b, c, n);
    b.repeats = std::move(fresh_b);
    c.repeats = std::move(fresh_c);
    const std::string first = pct(*v.change);
    BenchVerdict again = judge(b, c, m, opt);
    again.name = v.name;
    again.baseline_index = v.baseline_index;
    again.candidate_index = v.candidate_index;
    if (again.outcome == Outcome::Regression) {
      again.note =
          fmt::format("confirmed by {} interleaved re-measurements per side: {}", n, again.note);
    } else {
      again.outcome = Outcome::Pass;
      again.note = fmt::format(
          "not confirmed: first measured {}, then {} interleaved re-measurements per side: {}",
          first, n, again.note);
    }
    v = std::move(again);
  }
}

BenchmarkProgram program_of(const Dataset& ds, const Benchmark& b) {
  for (const auto& p : ds.programs) {
    if (p.role != "sample" || p.task_id != b.task || p.model != b.model ||
        p.sample_id != b.sample_id)
      continue;
    for (const auto& run : ds.runs) {
      if (run.id != p.run_id) continue;
      const auto settings = nlohmann::json::parse(run.settings_json, nullptr, false);
      if (!settings.is_object() || !settings.contains("tasks_dir") ||
          !settings["tasks_dir"].is_string()) {
        fail_input(fmt::format("{}: run {} records no tasks directory to re-measure {} from",
                               run.db, run.id, b.name()));
      }
      return {settings["tasks_dir"].get<std::string>(), p.task_id, p.language, p.source};
    }
  }
  fail_input(fmt::format("no program for benchmark {} in the selected runs", b.name()));
}

}  // namespace pj::reports
