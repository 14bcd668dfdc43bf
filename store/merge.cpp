#include "store/merge.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;

namespace pj::store {

namespace {

// Settings that legitimately differ between the machines of one evaluation.
constexpr const char* kPerMachineSettings[] = {"jobs", "samples", "tasks_dir"};

nlohmann::json comparable_json(std::string_view settings_json, std::string_view where) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(settings_json);
  } catch (const nlohmann::json::exception& e) {
    fail_input(fmt::format("{}: settings_json is not valid JSON: {}", where, e.what()));
  }
  if (!j.is_object()) fail_input(fmt::format("{}: settings_json is not an object", where));
  for (const char* key : kPerMachineSettings) j.erase(key);
  return j;
}

// One sharded run of an input store.
struct ShardRun {
  fs::path file;
  std::int64_t run_id = 0;
  std::string uid;
  std::string status;
  std::int64_t index = 0;
  std::int64_t count = 0;
  std::string group;
  nlohmann::json settings;  // comparable_json

  std::string name() const { return fmt::format("shard {}/{}", index, count); }
  std::string where() const { return fmt::format("{}: {}", file.string(), name()); }
};

std::vector<ShardRun> sharded_runs(Store& s, const fs::path& file) {
  std::vector<ShardRun> out;
  if (s.schema_version() < 4) return out;  // older than --shard: nothing sharded in it
  Statement st = s.db().prepare(
      "SELECT id, coalesce(uid, ''), status, shard_index, shard_count, coalesce(shard_group, ''), "
      "settings_json FROM runs WHERE shard_count IS NOT NULL ORDER BY id");
  while (st.step()) {
    ShardRun r{file, st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4), st.text(5), {}};
    r.settings = comparable_json(st.text(6), fmt::format("{}: run {}", file.string(), r.run_id));
    out.push_back(std::move(r));
  }
  return out;
}

// The first setting in which `a` and `b` differ, with both values, or nullopt.
std::optional<std::string> first_difference(const nlohmann::json& a, const nlohmann::json& b) {
  std::set<std::string> keys;
  for (const auto& [k, v] : a.items()) keys.insert(k);
  for (const auto& [k, v] : b.items()) keys.insert(k);
  for (const std::string& k : keys) {
    const std::string va = a.contains(k) ? a.at(k).dump() : "(unset)";
    const std::string vb = b.contains(k) ? b.at(k).dump() : "(unset)";
    if (va != vb) {
      return fmt::format("setting '{}' is {} here but {}", k, printable(va, 80), printable(vb, 80));
    }
  }
  return std::nullopt;
}

void check_same_evaluation(const ShardRun& r, const ShardRun& ref) {
  if (r.count != ref.count) {
    fail_input(
        fmt::format("{}: setting 'shard count' is {} here but {} in {}; merge only the "
                    "shards of one evaluation",
                    r.where(), r.count, ref.count, ref.where()));
  }
  if (auto diff = first_difference(r.settings, ref.settings)) {
    fail_input(fmt::format("{}: {} in {}; merge only the shards of one evaluation", r.where(),
                           *diff, ref.where()));
  }
}

// ATTACHes a shard store to the output's connection for as long as it lives.
class Attached {
 public:
  Attached(Db& db, const fs::path& file) : db_(db) {
    Statement st = db_.prepare("ATTACH DATABASE ? AS src");
    st.bind(1, file.string());
    st.run();
  }
  Attached(const Attached&) = delete;
  Attached& operator=(const Attached&) = delete;
  ~Attached() {
    try {
      db_.exec("DETACH DATABASE src");
    } catch (const Error&) {  // a destructor must not throw; the connection closes anyway
    }
  }

 private:
  Db& db_;
};

std::int64_t max_id(Db& db, const char* table) {
  Statement st = db.prepare(fmt::format("SELECT coalesce(max(id), 0) FROM main.{}", table));
  st.step();
  return st.int64(0);
}

// The statements copying one run, in foreign-key order. ?1 = source run, ?2 = new run id,
// ?3 = program id offset, ?4 = execution id offset: ids move up past the output's, so the
// same inputs in the same order always give the same ids.
struct CopyStep {
  const char* table;
  int params;  // how many of ?1..?4 it uses: SQLite refuses to bind the others
  const char* sql;
};
constexpr CopyStep kCopySteps[] = {
    {"tasks", 2,
     "INSERT INTO main.tasks (run_id, task_id, kind, manifest_sha1, alpha, levels_json) "
     "SELECT ?2, task_id, kind, manifest_sha1, alpha, levels_json FROM src.tasks "
     "WHERE run_id = ?1 ORDER BY task_id"},
    {"programs", 3,
     "INSERT INTO main.programs (id, run_id, task_id, role, model, sample_id, ref_level, "
     "ref_rank, language, source_sha1, source, raw_response, sanitize_json, origin) "
     "SELECT id + ?3, ?2, task_id, role, model, sample_id, ref_level, ref_rank, language, "
     "source_sha1, source, raw_response, sanitize_json, origin FROM src.programs "
     "WHERE run_id = ?1 ORDER BY id"},
    {"program_results", 3,
     "INSERT INTO main.program_results (program_id, verdict, passed, failed_test, message, "
     "output_excerpt, build_json) SELECT r.program_id + ?3, r.verdict, r.passed, r.failed_test, "
     "r.message, r.output_excerpt, r.build_json FROM src.program_results r "
     "JOIN src.programs p ON p.id = r.program_id WHERE p.run_id = ?1 ORDER BY r.program_id"},
    {"executions", 4,
     "INSERT INTO main.executions (id, program_id, phase, test_name, level, seed, repeat, "
     "verdict, exit_code, signal, wall_ns, cpu_user_ns, cpu_sys_ns, max_rss_kib, "
     "mem_time_mib_s, stdout_bytes, message, session) SELECT e.id + ?4, e.program_id + ?3, "
     "e.phase, e.test_name, e.level, e.seed, e.repeat, e.verdict, e.exit_code, e.signal, "
     "e.wall_ns, e.cpu_user_ns, e.cpu_sys_ns, e.max_rss_kib, e.mem_time_mib_s, e.stdout_bytes, "
     "e.message, e.session FROM src.executions e JOIN src.programs p ON p.id = e.program_id "
     "WHERE p.run_id = ?1 ORDER BY e.id"},
    {"counters", 4,
     "INSERT INTO main.counters (execution_id, name, value, backend, time_enabled_ns, "
     "time_running_ns) SELECT c.execution_id + ?4, c.name, c.value, c.backend, "
     "c.time_enabled_ns, c.time_running_ns FROM src.counters c "
     "JOIN src.executions e ON e.id = c.execution_id JOIN src.programs p ON p.id = e.program_id "
     "WHERE p.run_id = ?1 ORDER BY c.execution_id, c.name"},
    {"stress_results", 3,
     "INSERT INTO main.stress_results (program_id, level, seed, verdict, censored, "
     "instructions, cpu_s, wall_s, max_rss_kib, mem_time_mib_s, gross_instructions, "
     "gross_cpu_s, gross_wall_s, baseline_id) SELECT s.program_id + ?3, s.level, s.seed, "
     "s.verdict, s.censored, s.instructions, s.cpu_s, s.wall_s, s.max_rss_kib, "
     "s.mem_time_mib_s, s.gross_instructions, s.gross_cpu_s, s.gross_wall_s, "
     "s.baseline_id + ?3 FROM src.stress_results s JOIN src.programs p ON p.id = s.program_id "
     "WHERE p.run_id = ?1 ORDER BY s.program_id, s.level, s.seed"},
    {"units_done", 2,
     "INSERT INTO main.units_done (run_id, unit) SELECT ?2, unit FROM src.units_done "
     "WHERE run_id = ?1 ORDER BY unit"},
};

void copy_run(Store& out, const ShardRun& r, const MergeOptions& opt) {
  Db& db = out.db();
  Attached src(db, r.file);
  Transaction tx(db);
  Statement run = db.prepare(
      "INSERT INTO main.runs (run_key, status, started_at, finished_at, command_line, "
      "perfjudge_version, git_hash, host_json, settings_json, uid, shard_index, shard_count, "
      "shard_job_id, shard_host, shard_group) SELECT run_key, status, started_at, finished_at, "
      "command_line, perfjudge_version, git_hash, host_json, settings_json, uid, shard_index, "
      "shard_count, shard_job_id, shard_host, shard_group FROM src.runs WHERE id = ?");
  run.bind(1, r.run_id);
  run.run();
  const std::int64_t new_run = db.last_insert_id();
  if (opt.after_table) opt.after_table("runs");
  const std::int64_t program_offset = max_id(db, "programs");
  const std::int64_t execution_offset = max_id(db, "executions");
  for (const CopyStep& step : kCopySteps) {
    Statement st = db.prepare(step.sql);
    st.bind(1, r.run_id).bind(2, new_run);
    if (step.params >= 3) st.bind(3, program_offset);
    if (step.params >= 4) st.bind(4, execution_offset);
    st.run();
    if (opt.after_table) opt.after_table(step.table);
  }
  tx.commit();
}

std::vector<ShardRun> read_inputs(const std::vector<fs::path>& shards) {
  std::vector<ShardRun> out;
  for (const fs::path& file : shards) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) fail_input(fmt::format("{}: no such file", file.string()));
    Store s = Store::open_read_only(file);
    auto runs = sharded_runs(s, file);
    if (runs.empty()) {
      fail_input(fmt::format("{}: holds no run made with --shard I/N", file.string()));
    }
    for (auto& r : runs) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::string comparable_settings(std::string_view settings_json) {
  return comparable_json(settings_json, "settings").dump();
}

std::string shard_group_of(std::string_view settings_json) {
  return sha1_hex(comparable_settings(settings_json));
}

MergeReport merge(const fs::path& out, const std::vector<fs::path>& shards,
                  const MergeOptions& opt) {
  if (shards.empty()) fail_usage("merge: name at least one shard database");
  std::vector<ShardRun> inputs = read_inputs(shards);
  Store dest(out);
  std::vector<ShardRun> held = sharded_runs(dest, out);
  const ShardRun& ref = held.empty() ? inputs.front() : held.front();

  // Check everything before writing anything: a refused merge leaves `out` as it was.
  std::map<std::int64_t, const ShardRun*> by_index;  // the one run each shard index stands for
  for (const ShardRun& r : held) by_index.emplace(r.index, &r);
  std::vector<const ShardRun*> to_copy;
  MergeReport report;
  report.shard_count = static_cast<int>(ref.count);
  for (const ShardRun& r : inputs) {
    if (r.status != "complete") {
      fail_input(
          fmt::format("{} (run {}) is {}, not complete: finish it (rerun its command) "
                      "before merging",
                      r.where(), r.run_id, r.status));
    }
    check_same_evaluation(r, ref);
    const auto [it, fresh] = by_index.emplace(r.index, &r);
    if (!fresh && it->second->uid != r.uid) {
      fail_input(
          fmt::format("duplicate {}: {} and {} hold different runs of it; merge one of "
                      "them",
                      r.name(), it->second->file.string(), r.file.string()));
    }
    if (fresh) {
      to_copy.push_back(&r);
    } else {
      report.skipped.push_back(fmt::format("{} (already in {})", r.where(),
                                           it->second->file == out ? out.string() : "this merge"));
    }
  }
  for (const ShardRun* r : to_copy) {
    copy_run(dest, *r, opt);
    report.merged.push_back(r->where());
  }
  for (std::int64_t i = 0; i < ref.count; ++i) {
    if (!by_index.count(i)) report.missing.push_back(fmt::format("{}/{}", i, ref.count));
  }
  return report;
}

}  // namespace pj::store
