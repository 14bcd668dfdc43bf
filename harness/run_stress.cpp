// The stress phase. A unit is one (task, level, seed): the task's passing references, its
// passing samples and one baseline per language among them (the function driver that calls
// nothing, or the language's empty program) run on the same input, interleaved round by round
// (A B C A B C ...) so that machine drift hits all of them alike. Every measured repeat is
// stored, with a Hodges-Lehmann summary per program net of its language's baseline, in one
// transaction. A function task measured by sessions is one unit for all its pending levels
// (function_stress.cpp); each level keeps its own key in units_done.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "harness/checker.hpp"
#include "harness/function_stress.hpp"
#include "harness/run_context.hpp"
#include "harness/scheduler.hpp"
#include "metrics/metrics.hpp"

namespace fs = std::filesystem;

namespace pj::harness {

namespace {

struct StressUnit {
  const Task* task = nullptr;
  int level = 0;
  std::uint64_t seed = 0;
  std::string key;
  // A function task measured by sessions: its pending levels, one session per program for
  // all of them, and each level's own key (marked done together).
  std::vector<int> session_levels;
  std::vector<std::string> level_keys;
};

struct Contender {
  store::ProgramInfo info;
  Runnable runnable;
  bool reference = false;
  bool baseline = false;
  bool active = true;
  bool checked = false;
  std::string verdict = "OK";
  bool censored = false;
  std::vector<store::ExecutionRow> measured;
};

std::string unit_key(const Task& t, int level, std::uint64_t seed) {
  return fmt::format("stress:{}:{}:{}", t.id, level, seed);
}

struct UnitContext {
  RunContext& ctx;
  const StressUnit& unit;
  fs::path input;
  fs::path expected;
  ExecOptions eo;
  fs::path scratch;
};

// One execution of one contender; updates its state, returns the stored row.
store::ExecutionRow run_once(UnitContext& u, Contender& c, int repeat) {
  const Execution ex = execute(c.runnable, u.input, u.eo, u.scratch);
  store::ExecutionRow row = execution_row(c.info.id, ex.result);
  row.phase = "stress";
  row.test_name = fmt::format("level{}-seed{}", u.unit.level, u.unit.seed);
  row.level = u.unit.level;
  row.seed = static_cast<std::int64_t>(u.unit.seed);
  row.repeat = repeat;
  if (ex.result.verdict != sandbox::Verdict::OK) {
    c.active = false;
    c.verdict = row.verdict;
    c.censored = is_censoring(ex.result.verdict);
  } else if (!c.checked && !c.baseline) {
    c.checked = true;
    const CheckOutcome chk =
        check_output(*u.unit.task, u.ctx.builder, u.input, u.expected, ex.stdout_file);
    if (chk.verdict != CheckVerdict::Accepted) {
      c.active = false;
      c.verdict = chk.verdict == CheckVerdict::WrongAnswer ? "WA" : "IE";
      row.verdict = c.verdict;
      row.message = printable(chk.message, 1000);
    }
  }
  std::error_code ec;
  fs::remove(ex.stdout_file, ec);
  return row;
}

double cpu_s(const store::ExecutionRow& r) {
  return static_cast<double>(r.cpu_user_ns + r.cpu_sys_ns) / 1e9;
}

// The Hodges-Lehmann estimate of the repeats, taken per session when they come from several
// (function tasks, spread_repeats), and then the median of the sessions' estimates. A session's
// calls all fork from one loaded process, and on this kind of machine one such process can run
// every call 30-40 % slower or faster than another (placement of its pages), so repeats within
// a session are not independent draws; pooling them lets one slow session drag the estimate,
// where the median over three sessions discards it.
std::optional<double> hl_of(
    const std::vector<store::ExecutionRow>& rows,
    const std::function<std::optional<double>(const store::ExecutionRow&)>& f) {
  std::map<std::int64_t, std::vector<double>> by_session;
  for (const auto& r : rows) {
    auto v = f(r);
    if (!v) return std::nullopt;  // unavailable in any repeat: unknown, never 0
    by_session[r.session.value_or(0)].push_back(*v);
  }
  if (by_session.empty()) return std::nullopt;
  std::vector<double> estimates;
  for (const auto& [session, xs] : by_session) estimates.push_back(metrics::hodges_lehmann(xs));
  return estimates.size() == 1 ? estimates[0] : metrics::median(estimates);
}

std::optional<double> counter_of(const store::ExecutionRow& r, std::string_view name) {
  for (const auto& c : r.counters) {
    if (c.name == name) return c.value;
  }
  return std::nullopt;
}

// `baseline_c`: the baseline of c's language, or null: then the costs stay gross.
store::StressResultRow summarise(const Contender& c, const StressUnit& u,
                                 const Contender* baseline_c) {
  const bool net = baseline_c && !c.baseline;
  return summarise_rows(c.info.id, u.level, u.seed, c.verdict, c.censored, c.measured,
                        net ? &baseline_c->measured : nullptr, net ? baseline_c->info.id : 0);
}

using UnitOutcome = StressOutcome;

UnitOutcome measure_unit(RunContext& ctx, const StressUnit& unit, int worker) {
  const Task& task = *unit.task;
  UnitContext u{ctx, unit, {}, {}, exec_options_for(task), {}};
  u.input = ctx.inputs.stress_input(task, unit.level, unit.seed);
  u.expected = ctx.inputs.expected_output(task, u.input);
  u.eo.pin_cpu = ctx.cpu_of(worker);
  u.eo.counters = ctx.counters;
  u.scratch = ctx.scratch[static_cast<std::size_t>(worker)]->path();

  std::vector<Contender> all;
  {
    std::lock_guard lock(ctx.db_mu);
    for (auto& p : ctx.store.passing_programs(ctx.run_id, task.id)) {
      Contender c;
      c.reference = p.role == "reference";
      c.info = std::move(p);
      all.push_back(std::move(c));
    }
    // One baseline per language that something here is written in.
    std::set<std::string> languages;
    for (const Contender& c : all) languages.insert(c.info.language);
    for (auto& b : ctx.store.baseline_programs(ctx.run_id, task.id)) {
      if (!languages.count(b.language)) continue;
      Contender c;
      c.baseline = true;
      c.info = std::move(b);
      all.push_back(std::move(c));
    }
  }
  for (Contender& c : all) {
    const BuildResult b = build_program(ctx, task, c.info);
    if (!b.ok) {  // it built for the tests; only a vanished cache could make this fail
      c.active = false;
      c.verdict = "IE";
    }
    c.runnable = b.runnable;
  }

  // References run first, at the task's cap: a probe that doubles as their first warm-up
  // and gives the time limit for everyone.
  const double cap = task.limits.cpu_seconds;
  u.eo.cpu_seconds = cap * ctx.opt.timeout_scale;
  std::optional<double> slowest;
  for (Contender& c : all) {
    if (!c.reference || !c.active || ctx.stop) continue;
    const store::ExecutionRow probe = run_once(u, c, -1);
    if (c.active) slowest = std::max(slowest.value_or(0.0), cpu_s(probe));
  }
  u.eo.cpu_seconds =
      slowest ? stress_time_limit(*slowest, task.limits.alpha, cap, ctx.opt.timeout_scale)
              : cap * ctx.opt.timeout_scale;
  for (int w = 0; w < ctx.opt.warmup; ++w) {
    for (Contender& c : all) {
      if (ctx.stop) return {};
      if (c.active && !(w == 0 && c.reference)) run_once(u, c, -1);
    }
  }
  UnitOutcome out;
  for (int r = 0; r < ctx.opt.repeats; ++r) {
    for (Contender& c : all) {
      if (ctx.stop) return {};
      if (!c.active) continue;
      store::ExecutionRow row = run_once(u, c, r);
      if (c.active) c.measured.push_back(row);
      out.executions.push_back(std::move(row));
    }
  }
  // Each language's baseline, when it measured.
  std::map<std::string, const Contender*> bases;
  for (const Contender& c : all) {
    if (!c.baseline) continue;
    if (c.verdict != "OK" || c.measured.empty()) {
      ctx.progress.message(fmt::format(
          "perfjudge: warning: task {} level {} seed {}: the {} baseline failed ({}); its "
          "language's costs are stored gross",
          task.id, unit.level, unit.seed, c.info.language, c.verdict));
      continue;
    }
    bases.emplace(c.info.language, &c);
  }
  for (const Contender& c : all) {
    const auto it = bases.find(c.info.language);
    out.summaries.push_back(summarise(c, unit, it == bases.end() ? nullptr : it->second));
  }
  return out;
}

// A function task's pending levels measured by sessions (function_stress.cpp).
UnitOutcome measure_session_unit(RunContext& ctx, const StressUnit& unit, int worker) {
  const Task& task = *unit.task;
  ExecOptions eo = exec_options_for(task);
  eo.pin_cpu = ctx.cpu_of(worker);
  eo.counters = ctx.counters;
  FunctionTaskInput in{&task,
                       unit.session_levels,
                       ctx.opt.warmup,
                       ctx.opt.repeats,
                       {},
                       ctx.inputs,
                       ctx.builder,
                       eo,
                       ctx.opt.timeout_scale,
                       ctx.scratch[static_cast<std::size_t>(worker)]->path(),
                       ctx.stop,
                       [&ctx](const std::string& m) { ctx.progress.message(m); }};
  std::vector<store::ProgramInfo> programs;
  {
    std::lock_guard lock(ctx.db_mu);
    programs = ctx.store.passing_programs(ctx.run_id, task.id);
    if (auto b = ctx.store.baseline_program(ctx.run_id, task.id))
      programs.push_back(*ctx.store.program(*b));
  }
  for (auto& p : programs) {
    const BuildResult b = build_program(ctx, task, p);
    in.contenders.push_back({std::move(p), b.runnable, b.ok});
  }
  return measure_function_task(in);
}

std::vector<StressUnit> pending_units(RunContext& ctx) {
  std::unordered_set<std::string> done;
  std::unordered_set<std::string> wanted;  // tasks with samples: no one else needs references
  {
    std::lock_guard lock(ctx.db_mu);
    done = ctx.store.done_units(ctx.run_id);
    wanted = ctx.store.tasks_with_samples(ctx.run_id);
  }
  std::vector<StressUnit> units;
  for (const Task& t : ctx.tasks) {
    if (!wanted.count(t.id)) continue;
    StressUnit sessions{&t, 0, 0, fmt::format("stress:{}", t.id), {}, {}};
    for (const StressLevel& l : t.levels) {
      if (!ctx.opt.measures_level(l.index)) continue;
      if (t.kind == TaskKind::Function && ctx.per_call_sessions) {
        std::string key = fmt::format("stress:{}:{}", t.id, l.index);
        if (done.count(key)) continue;
        sessions.session_levels.push_back(l.index);
        sessions.level_keys.push_back(std::move(key));
        continue;
      }
      for (std::uint64_t seed : l.seeds) {
        std::string key = unit_key(t, l.index, seed);
        if (!done.count(key)) units.push_back({&t, l.index, seed, std::move(key), {}, {}});
      }
    }
    if (!sessions.session_levels.empty()) units.push_back(std::move(sessions));
  }
  return units;
}

}  // namespace

double net_cost(double gross, double baseline, std::span<const double> baseline_repeats,
                double at_least) {
  double floor = at_least;
  if (!baseline_repeats.empty()) {
    // The subtracted baseline is an estimate over n repeats, so its uncertainty shrinks like
    // 1/sqrt(n): range / sqrt(n) is about two standard errors of it (the range of n normal
    // draws is about 2.3 sigma for n = 5), where the range alone, one run's noise, would floor
    // every program of a few milliseconds at the interpreter's start-up jitter.
    const auto [lo, hi] = std::minmax_element(baseline_repeats.begin(), baseline_repeats.end());
    floor = std::max(floor, (*hi - *lo) / std::sqrt(static_cast<double>(baseline_repeats.size())));
  }
  return std::max(gross - baseline, floor);
}

store::StressResultRow summarise_rows(std::int64_t program_id, int level, std::uint64_t seed,
                                      const std::string& verdict, bool censored,
                                      const std::vector<store::ExecutionRow>& measured,
                                      const std::vector<store::ExecutionRow>* baseline,
                                      std::int64_t baseline_id) {
  store::StressResultRow s;
  s.program_id = program_id;
  s.level = level;
  s.seed = static_cast<std::int64_t>(seed);
  s.verdict = verdict;
  s.censored = censored;
  if (verdict != "OK" || measured.empty()) return s;
  using Figure = std::function<std::optional<double>(const store::ExecutionRow&)>;
  const Figure instructions = [](const auto& r) { return counter_of(r, "instructions"); };
  const Figure cpu = [](const auto& r) { return std::optional<double>(cpu_s(r)); };
  const Figure wall = [](const auto& r) {
    return std::optional<double>(static_cast<double>(r.wall_ns) / 1e9);
  };
  s.instructions = hl_of(measured, instructions);
  s.cpu_s = hl_of(measured, cpu);
  s.wall_s = hl_of(measured, wall);
  if (auto rss = hl_of(measured, [](const auto& r) {
        return std::optional<double>(static_cast<double>(r.max_rss_kib));
      })) {
    s.max_rss_kib = static_cast<std::int64_t>(std::llround(*rss));
  }
  s.mem_time_mib_s =
      hl_of(measured, [](const auto& r) { return std::optional<double>(r.mem_time_mib_s); });
  if (!baseline || baseline->empty()) return s;
  // Net of the start-up (program tasks) or the driver (function tasks); the gross figures are
  // kept beside the net ones.
  s.baseline_id = baseline_id;
  s.gross_instructions = s.instructions;
  s.gross_cpu_s = s.cpu_s;
  s.gross_wall_s = s.wall_s;
  const auto net = [&](std::optional<double>& v, const Figure& f, double at_least) {
    const std::optional<double> base = hl_of(*baseline, f);
    if (!v || !base) return;
    std::vector<double> repeats;
    for (const auto& r : *baseline)
      if (const auto x = f(r)) repeats.push_back(*x);
    v = net_cost(*v, *base, repeats, at_least);
  };
  net(s.instructions, instructions, 1.0);
  net(s.cpu_s, cpu, 1e-6);
  net(s.wall_s, wall, 1e-6);
  return s;
}

double stress_time_limit(double slowest_reference_s, double alpha, double cap_s, double scale) {
  return std::min(std::max(alpha * slowest_reference_s, kMinStressSeconds), cap_s) * scale;
}

void stress_all(RunContext& ctx) {
  ctx.progress.set_phase("stress");
  const std::vector<StressUnit> units = pending_units(ctx);
  ctx.progress.add_total(static_cast<std::int64_t>(units.size()));
  std::size_t pos = 0;
  std::function<std::optional<const StressUnit*>()> next =
      [&]() -> std::optional<const StressUnit*> {
    if (pos == units.size()) return std::nullopt;
    return &units[pos++];
  };
  std::function<void(const StressUnit*&, int)> work = [&](const StressUnit*& unit, int worker) {
    const bool sessions = !unit->session_levels.empty();
    ctx.progress.set_current(
        sessions ? fmt::format("{} ({} levels)", unit->task->id, unit->session_levels.size())
                 : fmt::format("{} L{} s{}", unit->task->id, unit->level, unit->seed));
    UnitOutcome out;
    try {
      out = sessions ? measure_session_unit(ctx, *unit, worker) : measure_unit(ctx, *unit, worker);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Input) throw;
      // A broken generator or reference output spoils this unit, not the whole run; the unit
      // stays pending, so a rerun after fixing the task measures it.
      ctx.progress.message(
          fmt::format("perfjudge: error: {} (unit {} skipped)", e.what(), unit->key));
      ctx.progress.finished_unit();
      return;
    }
    if (ctx.stop) return;
    {
      std::lock_guard lock(ctx.db_mu);
      store::Transaction tx(ctx.store.db());
      for (const auto& e : out.executions) ctx.store.insert_execution(e);
      for (const auto& s : out.summaries) ctx.store.insert_stress_result(s);
      if (sessions) {
        for (const std::string& key : unit->level_keys) ctx.store.mark_done(ctx.run_id, key);
      } else {
        ctx.store.mark_done(ctx.run_id, unit->key);
      }
      tx.commit();
    }
    ctx.progress.finished_unit();
    ctx.progress.tick();
  };
  run_workers<const StressUnit*>(ctx.opt.jobs, ctx.cpus, ctx.stop, next, work);
}

}  // namespace pj::harness
