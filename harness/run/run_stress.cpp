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
#include "harness/run/run_context.hpp"
#include "harness/run/scheduler.hpp"
#include "harness/task/checker.hpp"
#include "harness/task/function_stress.hpp"
#include "harness/task/stress_summary.hpp"
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
  u.eo.backend = ctx.opt.backend;
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
    if (c.active) slowest = std::max(slowest.value_or(0.0), cpu_seconds(probe));
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
  eo.backend = ctx.opt.backend;
  FunctionTaskInput in{&task,
                       unit.session_levels,
                       ctx.exact_counts ? 0 : ctx.opt.warmup,
                       ctx.exact_counts ? 1 : ctx.opt.repeats,
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
      if (t.kind == TaskKind::Function) {
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
