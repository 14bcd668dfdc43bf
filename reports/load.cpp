#include "reports/load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.hpp"
#include "store/db.hpp"

namespace pj::reports {

const StressCell* Program::cell(int level, std::int64_t seed) const {
  for (const auto& c : stress) {
    if (c.level == level && c.seed == seed) return &c;
  }
  return nullptr;
}

const std::vector<double>* Repeats::of(Cost k) const {
  switch (k) {
    case Cost::Instructions:
      return instructions.size() == cpu_s.size() ? &instructions : nullptr;
    case Cost::CpuTime:
      return &cpu_s;
    case Cost::WallTime:
      return &wall_s;
    case Cost::Auto:
      break;
  }
  return nullptr;
}

const StressCell* Program::stress_failure() const {
  for (const auto& c : stress) {
    if (c.verdict != "OK" && !c.censored && c.verdict != "IE") return &c;
  }
  return nullptr;
}

const TaskInfo* Dataset::task(std::int64_t run_id, const std::string& task_id) const {
  for (const auto& t : tasks) {
    if (t.run_id == run_id && t.task_id == task_id) return &t;
  }
  return nullptr;
}

std::vector<std::string> Dataset::models() const {
  std::set<std::string> out;
  for (const auto& p : programs) {
    if (p.role == "sample") out.insert(p.model);
  }
  return {out.begin(), out.end()};
}

namespace {

void check_is_store(store::Db& db) {
  auto st = db.prepare(
      "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN "
      "('runs','tasks','programs','program_results','stress_results','executions','counters')");
  st.step();
  if (st.int64(0) != 7) fail_input(fmt::format("{}: not a perfjudge store", db.file().string()));
}

bool has_shard_columns(store::Db& db) {
  auto st = db.prepare("SELECT count(*) FROM pragma_table_info('runs') WHERE name='shard_group'");
  st.step();
  return st.int64(0) == 1;
}

// model -> the runs its samples are read from: its latest run holding samples, and when that
// run is a shard (`run --shard`), every shard of the same evaluation that `merge` brought in.
std::map<std::string, std::set<std::int64_t>> sample_runs_of_models(store::Db& db) {
  std::map<std::string, std::set<std::int64_t>> out;
  auto st =
      db.prepare("SELECT model, max(run_id) FROM programs WHERE role='sample' GROUP BY model");
  while (st.step()) out[st.text(0)].insert(st.int64(1));
  if (!has_shard_columns(db)) return out;
  auto siblings = db.prepare(
      "SELECT o.id FROM runs r JOIN runs o ON o.shard_group = r.shard_group "
      "WHERE r.id = ? AND r.shard_group IS NOT NULL");
  for (auto& [model, runs] : out) {
    siblings.bind(1, *runs.begin());
    while (siblings.step()) runs.insert(siblings.int64(0));
    siblings.reset();
  }
  return out;
}

std::vector<std::int64_t> default_runs(store::Db& db) {
  std::vector<std::int64_t> out;
  for (const auto& [model, runs] : sample_runs_of_models(db)) {
    out.insert(out.end(), runs.begin(), runs.end());
  }
  if (out.empty()) {
    auto last = db.prepare("SELECT max(id) FROM runs");
    if (last.step() && !last.is_null(0)) out.push_back(last.int64(0));
  }
  if (out.empty()) fail_input(fmt::format("{}: the store holds no runs", db.file().string()));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

RunInfo read_run(store::Db& db, std::int64_t id) {
  auto st = db.prepare(
      "SELECT status, started_at, coalesce(finished_at,''), perfjudge_version, git_hash, "
      "host_json, settings_json FROM runs WHERE id=?");
  st.bind(1, id);
  if (!st.step()) fail_input(fmt::format("{}: no run with id {}", db.file().string(), id));
  return RunInfo{id,         db.file().string(), st.text(0), st.text(1), st.text(2),
                 st.text(3), st.text(4),         st.text(5), st.text(6)};
}

std::vector<LevelSpec> parse_levels(const std::string& text, const std::string& where) {
  std::vector<LevelSpec> out;
  try {
    const auto j = nlohmann::json::parse(text);
    for (const auto& l : j) {
      LevelSpec s;
      s.level = l.at("level").get<int>();
      s.hardness = l.value("hardness", 0.0);
      if (l.contains("seeds")) s.seeds = l.at("seeds").get<std::vector<std::int64_t>>();
      out.push_back(std::move(s));
    }
  } catch (const nlohmann::json::exception& e) {
    fail_input(fmt::format("{}: levels_json is not valid: {}", where, e.what()));
  }
  return out;
}

void read_tasks(store::Db& db, std::int64_t run, Dataset& ds) {
  auto st = db.prepare(
      "SELECT task_id, kind, alpha, levels_json FROM tasks WHERE run_id=? ORDER BY task_id");
  st.bind(1, run);
  while (st.step()) {
    TaskInfo t{run, st.text(0), st.text(1), st.real(2), {}};
    t.levels = parse_levels(st.text(3),
                            fmt::format("{}: run {} task {}", db.file().string(), run, t.task_id));
    ds.tasks.push_back(std::move(t));
  }
}

void read_programs(store::Db& db, std::int64_t run, Dataset& ds) {
  auto st = db.prepare(
      "SELECT p.id, p.task_id, p.role, p.model, p.sample_id, p.ref_level, p.ref_rank, "
      "p.language, p.source, p.raw_response, p.sanitize_json, p.origin, r.verdict, r.passed, "
      "r.failed_test, r.message, r.output_excerpt FROM programs p "
      "LEFT JOIN program_results r ON r.program_id = p.id "
      "WHERE p.run_id=? AND p.role IN ('sample','reference') ORDER BY p.task_id, p.role, p.id");
  st.bind(1, run);
  while (st.step()) {
    Program p;
    p.id = st.int64(0);
    p.run_id = run;
    p.task_id = st.text(1);
    p.role = st.text(2);
    p.model = st.text(3);
    p.sample_id = st.text(4);
    p.ref_level = st.opt_text(5);
    if (auto r = st.opt_int64(6)) p.ref_rank = static_cast<int>(*r);
    p.language = st.text(7);
    p.source = st.text(8);
    p.raw_response = st.opt_text(9);
    p.sanitize_json = st.opt_text(10);
    p.origin = st.opt_text(11);
    if (!st.is_null(12)) {
      p.result = ProgramResult{st.text(12), st.int64(13) != 0, st.opt_text(14), st.opt_text(15),
                               st.opt_text(16)};
    }
    ds.programs.push_back(std::move(p));
  }
}

void read_stress(store::Db& db, Program& p) {
  auto st = db.prepare(
      "SELECT level, seed, verdict, censored, instructions, cpu_s, wall_s, max_rss_kib, "
      "mem_time_mib_s FROM stress_results WHERE program_id=? ORDER BY level, seed");
  st.bind(1, p.id);
  while (st.step()) {
    StressCell c;
    c.level = static_cast<int>(st.int64(0));
    c.seed = st.int64(1);
    c.verdict = st.text(2);
    c.censored = st.int64(3) != 0;
    c.instructions = st.opt_real(4);
    c.cpu_s = st.opt_real(5);
    c.wall_s = st.opt_real(6);
    c.max_rss_kib = st.opt_real(7);
    c.mem_time_mib_s = st.opt_real(8);
    p.stress.push_back(std::move(c));
  }
}

// Whether a table has a column: stores written before a migration lack its columns, and a
// report opens them read-only, so it never migrates them.
bool has_column(store::Db& db, const std::string& table, const std::string& column) {
  auto st = db.prepare(fmt::format("SELECT 1 FROM pragma_table_info('{}') WHERE name = ?", table));
  st.bind(1, column);
  return st.step();
}

// `session`: the column's expression, "NULL" in a store older than it.
void read_repeats(store::Db& db, Program& p, const std::string& session) {
  auto st = db.prepare(
      "SELECT e.level, e.seed, e.cpu_user_ns + e.cpu_sys_ns, e.wall_ns, c.value, " + session +
      " "
      "FROM executions e LEFT JOIN counters c ON c.execution_id = e.id AND "
      "c.name = 'instructions' WHERE e.program_id=? AND e.phase='stress' AND e.verdict='OK' "
      "ORDER BY e.level, e.seed, e.repeat");
  st.bind(1, p.id);
  while (st.step()) {
    auto& r = p.repeats[{static_cast<int>(st.int64(0)), st.int64(1)}];
    r.cpu_s.push_back(static_cast<double>(st.int64(2)) / 1e9);
    r.wall_s.push_back(static_cast<double>(st.int64(3)) / 1e9);
    if (auto v = st.opt_real(4)) r.instructions.push_back(*v);
    r.session.push_back(st.is_null(5) ? std::nullopt : std::optional<std::int64_t>(st.int64(5)));
  }
}

}  // namespace

Dataset load(const std::filesystem::path& file, const LoadOptions& opt) {
  if (!std::filesystem::exists(file)) fail_input(fmt::format("{}: no such file", file.string()));
  store::Db db(file, store::Db::Mode::ReadOnly);
  check_is_store(db);
  const auto runs = opt.runs.empty() ? default_runs(db) : opt.runs;
  Dataset ds;
  for (const auto run : runs) {
    ds.runs.push_back(read_run(db, run));
    read_tasks(db, run, ds);
    read_programs(db, run, ds);
  }
  if (opt.runs.empty()) {
    // A model's samples in an older selected run (selected for another model) stay out.
    const auto chosen = sample_runs_of_models(db);
    std::erase_if(ds.programs, [&](const Program& p) {
      return p.role == "sample" && !chosen.at(p.model).count(p.run_id);
    });
  }
  const std::string session = has_column(db, "executions", "session") ? "e.session" : "NULL";
  for (auto& p : ds.programs) {
    read_stress(db, p);
    if (opt.with_repeats) read_repeats(db, p, session);
  }
  return ds;
}

}  // namespace pj::reports
