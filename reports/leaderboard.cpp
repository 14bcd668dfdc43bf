#include "reports/leaderboard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>

#include "core/error.hpp"

namespace pj::reports {

std::optional<double> cost_of(const StressCell& c, Cost k) {
  switch (k) {
    case Cost::Instructions:
      return c.instructions;
    case Cost::CpuTime:
      return c.cpu_s;
    case Cost::WallTime:
      return c.wall_s;
    case Cost::Auto:
      break;
  }
  return std::nullopt;
}

const Score* ModelRow::find(std::string_view name) const {
  for (const auto& [n, s] : metrics) {
    if (n == name) return &s;
  }
  return nullptr;
}

namespace {

using Indices = std::vector<std::size_t>;

// The references one sample is compared with: the task's references in the sample's
// language where it has one, else every reference (README "Leaderboard columns").
struct RefPool {
  std::vector<const Program*> refs;  // slowest tier first
  const Program* best = nullptr;     // cheapest at the scoring level
  const Program* slowest = nullptr;  // costliest at the scoring level (PIE's source program)
};

struct TaskCtx {
  const TaskInfo* info = nullptr;
  std::vector<const Program*> refs;  // every language, slowest tier first
  std::optional<int> level;          // scoring level
  std::vector<int> finished_levels;  // levels every reference finished: COFFE's stress tests
  std::map<std::string, RefPool> by_language;
  RefPool any;
  bool any_language = false;  // --reference-language any
};

struct Group {
  std::string task_id;
  TaskCtx ctx;
  std::vector<const Program*> samples;  // in stored order
  // ENAMEL sample scores, or why they cannot be computed.
  std::optional<std::vector<double>> enamel;
  std::string enamel_reason;
};

const LevelSpec* spec_of(const TaskInfo& t, int level) {
  for (const auto& l : t.levels) {
    if (l.level == level) return &l;
  }
  return nullptr;
}

std::vector<std::int64_t> seeds_of(const LevelSpec& spec, const Program& ref) {
  if (!spec.seeds.empty()) return spec.seeds;
  std::vector<std::int64_t> out;
  for (const auto& c : ref.stress) {
    if (c.level == spec.level) out.push_back(c.seed);
  }
  return out;
}

// Sum (or max) of a finished program's costs over a level's seeds; empty if any is missing.
std::optional<double> level_cost(const Program& p, const std::vector<std::int64_t>& seeds,
                                 int level, Cost k, bool take_max) {
  if (seeds.empty()) return std::nullopt;
  double acc = 0;
  for (const auto seed : seeds) {
    const auto* c = p.cell(level, seed);
    if (!c || c->censored || c->verdict != "OK") return std::nullopt;
    const auto v = cost_of(*c, k);
    if (!v || !(*v > 0)) return std::nullopt;
    acc = take_max ? std::max(acc, *v) : acc + *v;
  }
  return acc;
}

// A level's seeds: the task's list, or (older stores) the seeds its first reference ran.
std::vector<std::int64_t> level_seeds(const TaskCtx& ctx, const LevelSpec& spec) {
  return seeds_of(spec, *ctx.refs.front());
}

std::optional<double> scoring_cost(const TaskCtx& ctx, const Program& p, Cost k) {
  if (!ctx.level || ctx.refs.empty()) return std::nullopt;
  if (p.role == "sample" && !p.passed()) return std::nullopt;
  return level_cost(p, level_seeds(ctx, *spec_of(*ctx.info, *ctx.level)), *ctx.level, k, false);
}

// COFFE's cost: the sum over every stress test (level, seed) every reference finished.
std::optional<double> coffe_cost(const TaskCtx& ctx, const Program& p, Cost k) {
  if (ctx.finished_levels.empty()) return std::nullopt;
  if (p.role == "sample" && !p.passed()) return std::nullopt;
  double sum = 0;
  for (const int level : ctx.finished_levels) {
    const auto c = level_cost(p, level_seeds(ctx, *spec_of(*ctx.info, level)), level, k, false);
    if (!c) return std::nullopt;
    sum += *c;
  }
  return sum;
}

// The cheapest and the costliest reference of `refs` at the scoring level (ties: the higher
// tier is the best); without a scoring level, the first of the top tier and the first.
RefPool make_pool(const TaskCtx& ctx, std::vector<const Program*> refs, Cost k) {
  RefPool pool{std::move(refs), nullptr, nullptr};
  if (pool.refs.empty()) return pool;
  if (!ctx.level) {
    const int top = pool.refs.back()->ref_rank.value_or(0);
    pool.best = *std::find_if(pool.refs.begin(), pool.refs.end(),
                              [&](const Program* r) { return r->ref_rank.value_or(0) == top; });
    pool.slowest = pool.refs.front();
    return pool;
  }
  double lo = 0, hi = 0;
  for (const auto* r : pool.refs) {
    const double c = *scoring_cost(ctx, *r, k);
    if (!pool.best || c <= lo) std::tie(pool.best, lo) = std::pair{r, c};
    if (!pool.slowest || c > hi) std::tie(pool.slowest, hi) = std::pair{r, c};
  }
  return pool;
}

TaskCtx make_ctx(const Dataset& ds, std::int64_t run, const std::string& task, Cost k,
                 bool any_language) {
  TaskCtx ctx;
  ctx.any_language = any_language;
  ctx.info = ds.task(run, task);
  for (const auto& p : ds.programs) {
    if (p.run_id == run && p.task_id == task && p.role == "reference") ctx.refs.push_back(&p);
  }
  std::stable_sort(ctx.refs.begin(), ctx.refs.end(), [](const Program* a, const Program* b) {
    return a->ref_rank.value_or(0) < b->ref_rank.value_or(0);
  });
  if (ctx.refs.empty()) return ctx;
  if (ctx.info) {
    for (const auto& spec : ctx.info->levels) {
      const auto seeds = level_seeds(ctx, spec);
      const bool all = std::all_of(ctx.refs.begin(), ctx.refs.end(), [&](const Program* r) {
        return level_cost(*r, seeds, spec.level, k, false).has_value();
      });
      if (all) ctx.finished_levels.push_back(spec.level);
    }
    if (!ctx.finished_levels.empty()) ctx.level = ctx.finished_levels.back();
  }
  std::map<std::string, std::vector<const Program*>> by_language;
  for (const auto* r : ctx.refs) by_language[r->language].push_back(r);
  for (auto& [language, refs] : by_language) {
    ctx.by_language[language] = make_pool(ctx, std::move(refs), k);
  }
  ctx.any = make_pool(ctx, ctx.refs, k);
  return ctx;
}

// The pool sample `s` is scored against, and whether it is in another language than `s`.
std::pair<const RefPool*, bool> pool_for(const TaskCtx& ctx, const Program& s) {
  if (!ctx.any_language) {
    const auto it = ctx.by_language.find(s.language);
    if (it != ctx.by_language.end()) return {&it->second, false};
  }
  return {&ctx.any, !ctx.any_language && !ctx.refs.empty()};
}

const Program* best_of(const TaskCtx& ctx, const Program& s) {
  return pool_for(ctx, s).first->best;
}

// ENAMEL level outcomes of one sample; empty with a reason when a passed sample lacks a cost.
std::optional<std::vector<metrics::EnamelLevelResult>> enamel_results(const TaskCtx& ctx,
                                                                      const Program& s, Cost k,
                                                                      std::string& why) {
  std::vector<metrics::EnamelLevelResult> out;
  bool censored_before = false;
  for (const auto& spec : ctx.info->levels) {
    metrics::EnamelLevelResult r;
    if (!s.passed()) {
      r.outcome = metrics::LevelOutcome::Failed;
      out.push_back(r);
      continue;
    }
    const auto seeds = level_seeds(ctx, spec);
    double worst = 0;
    for (const auto seed : seeds) {
      const auto* c = s.cell(spec.level, seed);
      if (!c) {
        if (censored_before) {
          r.outcome = metrics::LevelOutcome::Censored;
          break;
        }
        why = fmt::format("sample {} of task {} has no stress result on level {}", s.sample_id,
                          s.task_id, spec.level);
        return std::nullopt;
      }
      if (c->censored) {
        r.outcome = metrics::LevelOutcome::Censored;
        break;
      }
      if (c->verdict != "OK") {
        r.outcome = metrics::LevelOutcome::Failed;
        break;
      }
      const auto v = cost_of(*c, k);
      if (!v) {
        why = fmt::format("no {} recorded for task {}", to_string(k), s.task_id);
        return std::nullopt;
      }
      worst = std::max(worst, *v);
    }
    if (r.outcome == metrics::LevelOutcome::Passed) r.time = worst;
    if (r.outcome == metrics::LevelOutcome::Censored) censored_before = true;
    out.push_back(r);
  }
  return out;
}

// ENAMEL's per-level reference times T*_l: the worst seed of `best` on each level.
std::optional<std::vector<metrics::EnamelLevel>> enamel_levels(const TaskCtx& ctx,
                                                               const Program& best, Cost k,
                                                               std::string& why) {
  std::vector<metrics::EnamelLevel> levels;
  for (const auto& spec : ctx.info->levels) {
    const auto t = level_cost(best, level_seeds(ctx, spec), spec.level, k, true);
    if (!t) {
      why = fmt::format("best reference of task {} has no {} on level {}", best.task_id,
                        to_string(k), spec.level);
      return std::nullopt;
    }
    levels.push_back({*t, spec.hardness});
  }
  return levels;
}

void compute_enamel(Group& g, Cost k) {
  const auto& ctx = g.ctx;
  if (!ctx.info || ctx.info->levels.empty()) {
    g.enamel_reason = fmt::format("task {} has no stress levels", g.task_id);
    return;
  }
  if (ctx.refs.empty()) {
    g.enamel_reason = fmt::format("task {} has no reference", g.task_id);
    return;
  }
  std::vector<double> scores;
  for (const auto* s : g.samples) {
    const auto levels = enamel_levels(ctx, *best_of(ctx, *s), k, g.enamel_reason);
    if (!levels) return;
    const auto res = enamel_results(ctx, *s, k, g.enamel_reason);
    if (!res) return;
    try {
      scores.push_back(metrics::enamel_sample_score(*levels, *res, ctx.info->alpha).score);
    } catch (const Error& e) {
      g.enamel_reason = fmt::format("task {}: {}", g.task_id, e.what());
      return;
    }
  }
  g.enamel = std::move(scores);
}

metrics::Interval index_ci(std::size_t n, const std::function<double(const Indices&)>& f,
                           const metrics::BootstrapOptions& o) {
  std::vector<double> idx(n);
  std::iota(idx.begin(), idx.end(), 0.0);
  return metrics::bootstrap_ci(
      idx,
      [&](std::span<const double> s) {
        Indices v;
        for (const double d : s) v.push_back(static_cast<std::size_t>(d));
        return f(v);
      },
      o);
}

Score unavailable(std::string why) {
  return Score{std::nullopt, std::nullopt, std::move(why)};
}

Score mean_score(const std::vector<double>& per_task, const metrics::BootstrapOptions& o) {
  const double mean =
      std::accumulate(per_task.begin(), per_task.end(), 0.0) / static_cast<double>(per_task.size());
  return Score{mean, metrics::bootstrap_mean_ci(per_task, o), ""};
}

std::string too_few(std::int64_t k, const Group& g) {
  return fmt::format("k={} needs {} samples per task; task {} has {}", k, k, g.task_id,
                     g.samples.size());
}

std::int64_t count_passed(const Group& g) {
  return std::count_if(g.samples.begin(), g.samples.end(),
                       [](const Program* p) { return p->passed(); });
}

class ModelScorer {
 public:
  ModelScorer(std::vector<Group>& groups, Cost k, const LeaderboardOptions& o)
      : groups_(groups), k_(k), o_(o) {}

  Score pass_at(std::int64_t k) const {
    std::vector<double> v;
    for (const auto& g : groups_) {
      const auto n = static_cast<std::int64_t>(g.samples.size());
      if (n < k) return unavailable(too_few(k, g));
      v.push_back(metrics::pass_at_k(n, count_passed(g), k));
    }
    return mean_score(v, o_.bootstrap);
  }

  Score eff_at(std::int64_t k) const {
    std::vector<double> v;
    std::string why = "no task has stress levels";
    for (const auto& g : groups_) {
      if (!g.ctx.info || g.ctx.info->levels.empty()) continue;
      if (!g.enamel) return unavailable(g.enamel_reason);
      if (static_cast<std::int64_t>(g.enamel->size()) < k) return unavailable(too_few(k, g));
      v.push_back(metrics::eff_at_k(*g.enamel, k));
    }
    return v.empty() ? unavailable(why) : mean_score(v, o_.bootstrap);
  }

  // EvalPerf's cluster threshold base + sqrt(w / a) was tuned on instruction counts; times
  // enter it in nanoseconds, the same order of magnitude, instead of seconds (where sqrt(w/a)
  // would be in the thousands and every pool a single cluster).
  std::optional<double> dps_cost(const TaskCtx& ctx, const Program& p) const {
    const auto c = scoring_cost(ctx, p, k_);
    if (!c || k_ == Cost::Instructions) return c;
    return *c * 1e9;
  }

  std::size_t dps_min_correct(const Group& g) const {
    return o_.dps_min_correct.value_or(metrics::dps_default_min_correct(g.samples.size()));
  }

  std::string dps_unavailable() const {
    const std::string need = o_.dps_min_correct
                                 ? fmt::format("{} correct sample(s)", *o_.dps_min_correct)
                                 : std::string("n/10 (at least 1) correct samples of its n");
    return fmt::format("no task has {} and a measured reference pool", need);
  }

  // EvalPerf's DPS, or DPS_norm, over the tasks with enough correct samples.
  Score dps(bool norm) const {
    std::vector<metrics::DpsTask> tasks;
    for (const auto& g : groups_) {
      if (!g.ctx.level) continue;
      metrics::DpsTask t;
      for (const auto* s : g.samples) {
        if (!s->passed()) continue;
        std::vector<double> pool;
        for (const auto* r : pool_for(g.ctx, *s).first->refs) pool.push_back(*dps_cost(g.ctx, *r));
        t.correct_sample_scores.push_back(
            metrics::dps_score(metrics::dps_clusters(pool), dps_cost(g.ctx, *s)));
      }
      if (t.correct_sample_scores.size() >= dps_min_correct(g)) tasks.push_back(std::move(t));
    }
    // Each task kept has met its own threshold (n/10 depends on the task's n), so the overall
    // mean only needs a correct sample per task.
    const auto overall = metrics::dps_overall(tasks, 1);
    if (!overall) return unavailable(dps_unavailable());
    auto stat = [&](const Indices& idx) {
      std::vector<metrics::DpsTask> sub;
      for (const auto i : idx) sub.push_back(tasks[i]);
      const auto s = metrics::dps_overall(sub, 1);
      return norm ? s->dps_norm : s->dps;
    };
    return Score{norm ? overall->dps_norm : overall->dps,
                 index_ci(tasks.size(), stat, o_.bootstrap), ""};
  }

  Score efficient_at(std::int64_t k) const {
    std::vector<double> v;
    for (const auto& g : groups_) {
      if (g.ctx.finished_levels.empty()) continue;
      const auto n = static_cast<std::int64_t>(g.samples.size());
      if (n < k) return unavailable(too_few(k, g));
      std::int64_t fast = 0;
      for (const auto* s : g.samples) {
        const auto c = coffe_cost(g.ctx, *s, k_);
        if (c && *c < *coffe_cost(g.ctx, *best_of(g.ctx, *s), k_)) ++fast;
      }
      v.push_back(metrics::efficient_at_k(n, fast, k));
    }
    return v.empty() ? unavailable("no task has a stress level every reference finished")
                     : mean_score(v, o_.bootstrap);
  }

  Score coffe_speedup() const {
    std::vector<std::pair<std::vector<double>, std::vector<double>>> per_task;
    for (const auto& g : groups_) {
      if (g.ctx.finished_levels.empty()) continue;
      std::pair<std::vector<double>, std::vector<double>> t;
      for (const auto* s : g.samples) {
        if (const auto c = coffe_cost(g.ctx, *s, k_)) {
          t.first.push_back(*coffe_cost(g.ctx, *best_of(g.ctx, *s), k_));
          t.second.push_back(*c);
        }
      }
      if (!t.first.empty()) per_task.push_back(std::move(t));
    }
    if (per_task.empty()) return unavailable("no correct sample with a measured cost");
    auto stat = [&](const Indices& idx) {
      std::vector<double> r, c;
      for (const auto i : idx) {
        r.insert(r.end(), per_task[i].first.begin(), per_task[i].first.end());
        c.insert(c.end(), per_task[i].second.begin(), per_task[i].second.end());
      }
      return metrics::coffe_speedup(r, c);
    };
    Indices all(per_task.size());
    std::iota(all.begin(), all.end(), 0);
    return Score{stat(all), index_ci(per_task.size(), stat, o_.bootstrap), ""};
  }

  // One statistic `of` a metrics/ summary of the per-task items, with its bootstrap interval
  // over tasks; `summarise` is the metrics/ function that reduces items to the summary. No
  // items: unavailable for `why_none`.
  template <typename Item, typename Summary, typename Of>
  Score stat_score(const std::vector<Item>& items, const Of& of,
                   Summary (*summarise)(std::span<const Item>), const char* why_none) const {
    if (items.empty()) return unavailable(why_none);
    auto stat = [&](const Indices& idx) {
      std::vector<Item> sub;
      for (const auto i : idx) sub.push_back(items[i]);
      return of(summarise(sub));
    };
    return Score{of(summarise(items)), index_ci(items.size(), stat, o_.bootstrap), ""};
  }

  // One statistic of PIE's summary at k.
  Score pie(std::int64_t k, const std::function<double(const metrics::PieSummary&)>& of) const {
    std::vector<metrics::PieProgram> progs;
    for (const auto& g : groups_) {
      if (!g.ctx.level) continue;
      if (static_cast<std::int64_t>(g.samples.size()) < k) return unavailable(too_few(k, g));
      // Each generation's cost relative to its own source program (the slowest reference of
      // its pool), so that samples in different languages share one source cost of 1.
      std::vector<metrics::PieGeneration> gens;
      for (const auto* s : g.samples) {
        const auto c = scoring_cost(g.ctx, *s, k_);
        const double source = *scoring_cost(g.ctx, *pool_for(g.ctx, *s).first->slowest, k_);
        gens.push_back({c.has_value(), c.value_or(0) / source});
      }
      progs.push_back({1.0, metrics::pie_best_at_k(gens, k)});
    }
    return stat_score(progs, of, metrics::pie_summary,
                      "no task has a stress level every reference finished");
  }

  // One statistic of EffiBench's summary.
  Score effibench(const std::function<double(const metrics::EffiSummary&)>& of) const {
    std::vector<metrics::EffiPair> pairs;
    for (const auto& g : groups_) {
      if (!g.ctx.level) continue;
      // One pair per canonical solution: a task whose samples are in two languages gives two.
      std::map<const Program*, std::vector<const Program*>> by_best;
      for (const auto* s : g.samples) by_best[best_of(g.ctx, *s)].push_back(s);
      for (const auto& [best, samples] : by_best) {
        if (auto pair = effi_pair(g, *best, samples)) pairs.push_back(*pair);
      }
    }
    return stat_score(pairs, of, metrics::effibench,
                      "no correct sample with measured time and memory");
  }

  Score cost_ratio() const {
    std::vector<double> per_task;
    for (const auto& g : groups_) {
      if (const auto r = task_cost_ratio(g, k_)) per_task.push_back(*r);
    }
    if (per_task.empty()) return unavailable("no correct sample with a measured cost");
    return Score{metrics::geometric_mean(per_task),
                 metrics::bootstrap_ci(
                     per_task, [](std::span<const double> s) { return metrics::geometric_mean(s); },
                     o_.bootstrap),
                 ""};
  }

  static std::optional<double> task_cost_ratio(const Group& g, Cost k) {
    if (!g.ctx.level) return std::nullopt;
    std::vector<double> ratios;
    for (const auto* s : g.samples) {
      if (const auto c = scoring_cost(g.ctx, *s, k))
        ratios.push_back(*c / *scoring_cost(g.ctx, *best_of(g.ctx, *s), k));
    }
    if (ratios.empty()) return std::nullopt;
    return metrics::geometric_mean(ratios);
  }

 private:
  // The mean EffiBench measures of `samples` against their canonical solution `best`.
  std::optional<metrics::EffiPair> effi_pair(const Group& g, const Program& best,
                                             const std::vector<const Program*>& samples) const {
    const auto canon = measure(g, best);
    if (!canon) return std::nullopt;
    metrics::EffiMeasure sum;
    int n = 0;
    for (const auto* s : samples) {
      if (const auto m = measure(g, *s)) {
        sum.time_s += m->time_s;
        sum.peak_mib += m->peak_mib;
        sum.mem_time_mib_s += m->mem_time_mib_s;
        ++n;
      }
    }
    if (n == 0) return std::nullopt;
    sum.time_s /= n;
    sum.peak_mib /= n;
    sum.mem_time_mib_s /= n;
    return metrics::EffiPair{sum, *canon};
  }

  // EffiBench's measures on the scoring level: cost, peak memory, memory-time integral.
  std::optional<metrics::EffiMeasure> measure(const Group& g, const Program& p) const {
    const auto cost = scoring_cost(g.ctx, p, k_);
    if (!cost) return std::nullopt;
    metrics::EffiMeasure m{*cost, 0, 0};
    for (const auto seed : level_seeds(g.ctx, *spec_of(*g.ctx.info, *g.ctx.level))) {
      const auto* c = p.cell(*g.ctx.level, seed);
      if (!c->max_rss_kib || !c->mem_time_mib_s) return std::nullopt;
      m.peak_mib = std::max(m.peak_mib, *c->max_rss_kib / 1024.0);
      m.mem_time_mib_s += *c->mem_time_mib_s;
    }
    return m;
  }

  std::vector<Group>& groups_;
  Cost k_;
  const LeaderboardOptions& o_;
};

Cost choose_cost(const Dataset& ds, const LeaderboardOptions& opt) {
  if (opt.cost) return *opt.cost;
  for (const auto& r : ds.runs) {
    const auto j = nlohmann::json::parse(r.settings_json, nullptr, false);
    if (j.is_object() && j.contains("cost") && j["cost"].is_string()) {
      return parse_cost(j["cost"].get<std::string>());
    }
  }
  for (const auto& p : ds.programs) {
    for (const auto& c : p.stress) {
      if (c.instructions) return Cost::Instructions;
    }
  }
  return Cost::CpuTime;
}

// ---- The metric table ------------------------------------------------------------------
// Every leaderboard metric is one entry: its name, its direction, whether the human-readable
// tables show it, and how it is computed. The JSON and CSV columns (metric_names), the table
// columns (table_metric_names), the direction of --sort and the HTML sort (lower_is_better)
// and the scores (score_model) all come from it, so adding a metric is adding an entry (and
// its line in README.md, "Leaderboard columns").

using MetricFn = std::function<Score(const ModelScorer&, std::int64_t k)>;

struct MetricDef {
  std::string name;  // "{k}" stands for each k of --k: one column per k
  bool lower_is_better = false;
  bool headline = false;  // a column of text, Markdown and HTML; else JSON and CSV only
  // Per-k metrics of one group stand together for each k (pie_speedup@1, pie_opt@1,
  // pie_speedup@5, ...); a per-k metric of no group takes one column per k in a row.
  std::string group;
  MetricFn compute;  // k is 0 for a metric without one
};

constexpr bool kHigher = false, kLower = true;
constexpr bool kHeadline = true, kDetail = false;

std::vector<MetricDef> metric_table() {
  using S = const ModelScorer&;
  using K = std::int64_t;
  using Pie = metrics::PieSummary;
  using Effi = metrics::EffiSummary;
  using Ratios = metrics::EffiRatios;
  // A field of PIE's summary at k; a ratio of EffiBench's summary (`which` average, `m`).
  const auto pie = [](double Pie::*f) -> MetricFn {
    return [f](S s, K k) { return s.pie(k, [f](const Pie& p) { return p.*f; }); };
  };
  const auto effi = [](Ratios Effi::*which, double Ratios::*m) -> MetricFn {
    return [which, m](S s, K) { return s.effibench([=](const Effi& e) { return (e.*which).*m; }); };
  };
  std::vector<MetricDef> t{
      {"pass@{k}", kHigher, kHeadline, "", [](S s, K k) { return s.pass_at(k); }},
      {"eff@{k}", kHigher, kHeadline, "", [](S s, K k) { return s.eff_at(k); }},
      {"dps", kHigher, kHeadline, "", [](S s, K) { return s.dps(false); }},
      {"dps_norm", kHigher, kHeadline, "", [](S s, K) { return s.dps(true); }},
      {"efficient@{k}", kHigher, kHeadline, "", [](S s, K k) { return s.efficient_at(k); }},
      {"coffe_speedup", kHigher, kHeadline, "", [](S s, K) { return s.coffe_speedup(); }},
      {"pie_speedup@{k}", kHigher, kHeadline, "pie", pie(&Pie::mean_speedup)},
      {"pie_opt@{k}", kHigher, kHeadline, "pie", pie(&Pie::pct_opt)},
      {"pie_correct@{k}", kHigher, kDetail, "pie", pie(&Pie::pct_correct)},
  };
  // The share at each further threshold (pie_opt@k is the first, 1.10).
  for (std::size_t i = 1; i < metrics::pie_thresholds.size(); ++i) {
    const double th = metrics::pie_thresholds[i];
    t.push_back({fmt::format("pie_opt_{}x@{{k}}", th), kHigher, kDetail, "pie", [th](S s, K k) {
                   return s.pie(k, [th](const Pie& p) { return p.pct_at.at(th); });
                 }});
  }
  // EffiBench: the mean of per-task ratios is the headline, the ratio of sums a detail.
  const std::vector<MetricDef> rest{
      {"net", kLower, kHeadline, "", effi(&Effi::mean_of_ratios, &Ratios::net)},
      {"nmu", kLower, kHeadline, "", effi(&Effi::mean_of_ratios, &Ratios::nmu)},
      {"ntmu", kLower, kHeadline, "", effi(&Effi::mean_of_ratios, &Ratios::ntmu)},
      {"net_ratio_of_sums", kLower, kDetail, "", effi(&Effi::ratio_of_sums, &Ratios::net)},
      {"nmu_ratio_of_sums", kLower, kDetail, "", effi(&Effi::ratio_of_sums, &Ratios::nmu)},
      {"ntmu_ratio_of_sums", kLower, kDetail, "", effi(&Effi::ratio_of_sums, &Ratios::ntmu)},
      {"cost_ratio", kLower, kHeadline, "", [](S s, K) { return s.cost_ratio(); }},
  };
  t.insert(t.end(), rest.begin(), rest.end());
  return t;
}

constexpr std::string_view kK = "{k}";

bool per_k(const MetricDef& d) {
  return d.name.find(kK) != std::string::npos;
}

std::string name_at(const MetricDef& d, std::int64_t k) {
  std::string out = d.name;
  const auto at = out.find(kK);
  if (at != std::string::npos) out.replace(at, kK.size(), std::to_string(k));
  return out;
}

// Whether `name` is a column of `d`: its name, or for a per-k metric its name at some k.
bool names(const MetricDef& d, std::string_view name) {
  const auto at = d.name.find(kK);
  if (at == std::string::npos) return name == d.name;
  const std::string_view pre = std::string_view(d.name).substr(0, at);
  const std::string_view post = std::string_view(d.name).substr(at + kK.size());
  if (name.size() <= pre.size() + post.size() || !name.starts_with(pre) || !name.ends_with(post))
    return false;
  const auto k = name.substr(pre.size(), name.size() - pre.size() - post.size());
  return std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One column: a metric of the table at one k.
struct Column {
  const MetricDef* def;
  std::int64_t k;
  std::string name;
};

// The headline columns in table order, then the details only JSON and CSV carry; within each,
// the per-k metrics of one group together for each k.
std::vector<Column> columns(const std::vector<MetricDef>& table,
                            const std::vector<std::int64_t>& ks) {
  std::vector<Column> out;
  for (const bool headline : {true, false}) {
    std::vector<const MetricDef*> defs;
    for (const auto& d : table) {
      if (d.headline == headline) defs.push_back(&d);
    }
    for (std::size_t i = 0; i < defs.size();) {
      if (!per_k(*defs[i])) {
        out.push_back({defs[i], 0, defs[i]->name});
        ++i;
        continue;
      }
      std::size_t end = i + 1;
      while (!defs[i]->group.empty() && end < defs.size() && defs[end]->group == defs[i]->group &&
             per_k(*defs[end]))
        ++end;
      for (const auto k : ks) {
        for (std::size_t j = i; j < end; ++j) out.push_back({defs[j], k, name_at(*defs[j], k)});
      }
      i = end;
    }
  }
  return out;
}

ModelRow score_model(const std::string& model, std::vector<Group>& groups, Cost cost,
                     const LeaderboardOptions& opt) {
  ModelRow row{model, static_cast<std::int64_t>(groups.size()), 0, {}};
  for (const auto& g : groups) row.n_samples += static_cast<std::int64_t>(g.samples.size());
  for (auto& g : groups) compute_enamel(g, cost);
  const ModelScorer s(groups, cost, opt);
  const auto table = metric_table();
  for (const auto& c : columns(table, opt.ks)) {
    // A metric whose inputs metrics/ rejects is unavailable with that reason; the rest still
    // show.
    try {
      row.metrics.emplace_back(c.name, c.def->compute(s, c.k));
    } catch (const Error& e) {
      row.metrics.emplace_back(c.name, unavailable(e.what()));
    }
  }
  return row;
}

void sort_rows(std::vector<ModelRow>& rows, const std::string& by) {
  const bool low = lower_is_better(by);
  std::stable_sort(rows.begin(), rows.end(), [&](const ModelRow& a, const ModelRow& b) {
    const auto* sa = a.find(by);
    const auto* sb = b.find(by);
    const bool ha = sa && sa->value, hb = sb && sb->value;
    if (ha != hb) return ha;
    if (ha && *sa->value != *sb->value)
      return low ? *sa->value < *sb->value : *sa->value > *sb->value;
    return a.model < b.model;
  });
}

// Instructions chosen for a store whose stress results hold none: every efficiency score would
// be unavailable for a reason that hides the cause, so say the cause once.
void require_recorded(const Dataset& ds, Cost k) {
  if (k != Cost::Instructions) return;
  bool measured = false;
  for (const auto& p : ds.programs) {
    for (const auto& c : p.stress) {
      if (c.instructions) return;
      measured = measured || c.verdict == "OK";
    }
  }
  if (!measured) return;
  std::vector<std::string> runs;
  for (const auto& r : ds.runs) runs.push_back(fmt::format("#{}", r.id));
  fail_input(fmt::format(
      "{}: run {} recorded no instruction counts (it was measured by CPU or wall time); "
      "use --cost cpu_time or --cost wall_time",
      ds.runs.empty() ? std::string("store") : ds.runs.front().db, fmt::join(runs, ", ")));
}

// One note per (task, language) whose samples are compared with a reference in another one.
void note_other_language(const Group& g, std::vector<std::string>& notes) {
  for (const auto* s : g.samples) {
    const auto [pool, other] = pool_for(g.ctx, *s);
    if (!other || !pool->best) continue;
    auto note = fmt::format(
        "task {}: no {} reference, so its {} samples are compared with the cheapest reference "
        "in any language ({}, {})",
        g.task_id, s->language, s->language, pool->best->sample_id, pool->best->language);
    if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(note);
  }
}

TaskRow task_row(const std::string& task, const TaskCtx& ctx, Cost k) {
  TaskRow row{task, ctx.level, {}, {}};
  for (const auto* r : ctx.refs) {
    ReferenceCost rc{r->sample_id,
                     r->ref_level.value_or(""),
                     r->ref_rank.value_or(0),
                     scoring_cost(ctx, *r, k),
                     {}};
    if (ctx.info) {
      for (const auto& spec : ctx.info->levels) {
        rc.per_level.emplace_back(spec.level,
                                  level_cost(*r, seeds_of(spec, *r), spec.level, k, true));
      }
    }
    row.ladder.push_back(std::move(rc));
  }
  return row;
}

}  // namespace

std::vector<MetricColumn> metric_columns(const std::vector<std::int64_t>& ks) {
  const auto table = metric_table();
  std::vector<MetricColumn> out;
  for (const auto& c : columns(table, ks))
    out.push_back({c.name, c.def->lower_is_better, c.def->headline});
  return out;
}

bool lower_is_better(std::string_view metric) {
  for (const auto& d : metric_table()) {
    if (names(d, metric)) return d.lower_is_better;
  }
  return false;
}

Leaderboard compute_leaderboard(const Dataset& ds, const LeaderboardOptions& opt) {
  if (opt.ks.empty()) fail_usage("--k needs at least one value");
  for (const auto k : opt.ks) {
    if (k < 1) fail_usage(fmt::format("--k values must be >= 1, got {}", k));
  }
  Leaderboard lb;
  lb.cost = choose_cost(ds, opt);
  require_recorded(ds, lb.cost);
  lb.ks = opt.ks;
  for (const auto& c : metric_columns(opt.ks)) {
    lb.metric_names.push_back(c.name);
    if (c.headline) lb.table_metric_names.push_back(c.name);
  }
  const auto names = lb.metric_names;
  if (std::find(names.begin(), names.end(), opt.sort_by) == names.end()) {
    fail_usage(fmt::format("--sort: unknown metric '{}' (known: {})", opt.sort_by,
                           fmt::join(names, ", ")));
  }

  // Tasks in id order; per task, the context of the run that first holds it.
  std::map<std::string, TaskCtx> ctxs;
  for (const auto& t : ds.tasks) {
    if (!ctxs.count(t.task_id))
      ctxs[t.task_id] = make_ctx(ds, t.run_id, t.task_id, lb.cost, opt.any_reference_language);
  }
  std::map<std::string, std::vector<TaskModelCell>> cells;
  for (const auto& model : ds.models()) {
    std::map<std::string, Group> by_task;
    for (const auto& p : ds.programs) {
      if (p.role != "sample" || p.model != model) continue;
      auto& g = by_task[p.task_id];
      if (g.samples.empty()) {
        g.task_id = p.task_id;
        g.ctx = make_ctx(ds, p.run_id, p.task_id, lb.cost, opt.any_reference_language);
      }
      g.samples.push_back(&p);
    }
    std::vector<Group> groups;
    for (auto& [id, g] : by_task) groups.push_back(std::move(g));
    for (const auto& g : groups) note_other_language(g, lb.notes);
    lb.rows.push_back(score_model(model, groups, lb.cost, opt));
    for (const auto& g : groups) {
      TaskModelCell cell{model,           static_cast<std::int64_t>(g.samples.size()),
                         count_passed(g), 0,
                         std::nullopt,    ModelScorer::task_cost_ratio(g, lb.cost)};
      cell.pass_rate = static_cast<double>(cell.correct) / static_cast<double>(cell.n);
      if (g.enamel && !g.enamel->empty()) {
        cell.eff = std::accumulate(g.enamel->begin(), g.enamel->end(), 0.0) /
                   static_cast<double>(g.enamel->size());
      }
      cells[g.task_id].push_back(std::move(cell));
      if (!ctxs.count(g.task_id)) ctxs[g.task_id] = g.ctx;
    }
  }
  sort_rows(lb.rows, opt.sort_by);
  for (const auto& [id, ctx] : ctxs) {
    auto row = task_row(id, ctx, lb.cost);
    row.models = cells[id];
    lb.tasks.push_back(std::move(row));
  }
  return lb;
}

}  // namespace pj::reports
