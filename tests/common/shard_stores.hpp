// Shard stores as `perfjudge run --shard I/N` leaves them, written directly through the store
// API (no run): for the tests of `merge`. Header-only, since only suites that link pj_store
// (store, harness, reports, cli) may use it.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "store/merge.hpp"
#include "store/store.hpp"

namespace pj::test {

struct ShardSpec {
  int index = 0;
  int count = 2;
  nlohmann::json settings = {{"cost", "cpu_time"}, {"repeats", 3}, {"jobs", 2}};
  std::string status = "complete";
  std::string uid;  // empty: a fresh one
  int samples = 3;  // of model "m" on task "t", ids "<index>-0", "<index>-1", ...
};

inline ShardSpec shard(int index, int count) {
  ShardSpec s;
  s.index = index;
  s.count = count;
  return s;
}

// One shard's run: task t, a reference and a baseline, `samples` samples (the first fails),
// each passing program with one stress execution, its counter and its summary net of the
// baseline; every unit marked done. Returns the run's uid.
inline std::string write_shard(const std::filesystem::path& file, const ShardSpec& spec) {
  store::Store s(file);
  store::RunRow run;
  run.run_key = "key-" + std::to_string(spec.index);
  run.command_line = "[\"perfjudge\",\"run\"]";
  run.perfjudge_version = "test";
  run.git_hash = "abc";
  run.host_json = "{\"cpu_model\":\"test cpu\"}";
  run.settings_json = spec.settings.dump();
  run.uid = spec.uid;
  run.shard_index = spec.index;
  run.shard_count = spec.count;
  run.shard_host = "node" + std::to_string(spec.index);
  run.shard_group = store::shard_group_of(run.settings_json);
  store::Transaction tx(s.db());
  const std::int64_t id = s.create_run(run);
  s.put_task(id, {"t", "program", "sha", 2.0, "[{\"level\":0,\"seeds\":[1]}]"});
  store::ProgramRow ref;
  ref.task_id = "t";
  ref.role = "reference";
  ref.sample_id = "good";
  ref.language = "python";
  ref.source = "print(2)\n";
  store::ProgramRow base = ref;
  base.role = "baseline";
  base.sample_id = "baseline-python";
  const std::int64_t base_id = s.put_program(id, base);
  std::vector<std::int64_t> passing = {s.put_program(id, ref)};
  for (int i = 0; i < spec.samples; ++i) {
    store::ProgramRow p = ref;
    p.role = "sample";
    p.model = "m";
    p.sample_id = std::to_string(spec.index) + "-" + std::to_string(i);
    p.source = "print(" + std::to_string(i) + ")\n";
    const std::int64_t pid = s.put_program(id, p);
    store::ProgramResultRow r;
    r.program_id = pid;
    r.passed = i != 0;
    r.verdict = r.passed ? "OK" : "WA";
    s.insert_result(r);
    if (r.passed) passing.push_back(pid);
  }
  for (std::int64_t pid : passing) {
    store::ExecutionRow e;
    e.program_id = pid;
    e.phase = "stress";
    e.test_name = "level0";
    e.level = 0;
    e.seed = 1;
    e.verdict = "OK";
    e.cpu_user_ns = 1000 * pid;
    e.counters.push_back({"instructions", 1e6 + static_cast<double>(pid), "perf", {}, {}});
    s.insert_execution(e);
    store::StressResultRow sr;
    sr.program_id = pid;
    sr.verdict = "OK";
    sr.seed = 1;
    sr.instructions = 1e5 * static_cast<double>(pid);
    sr.baseline_id = base_id;
    s.insert_stress_result(sr);
    s.mark_done(id, "check:" + std::to_string(pid));
  }
  s.mark_done(id, "ingest");
  tx.commit();
  s.set_run_status(id, spec.status);
  store::Statement st = s.db().prepare("SELECT uid FROM runs WHERE id = ?");
  st.bind(1, id);
  st.step();
  return st.text(0);
}

// Every row of every table of the store at `file`, as text in a fixed order: two stores with
// the same dump hold the same data under the same ids.
inline std::string dump_store(const std::filesystem::path& file) {
  store::Store s = store::Store::open_read_only(file);
  std::string out;
  for (const char* table : {"runs", "tasks", "programs", "program_results", "executions",
                            "counters", "stress_results", "units_done"}) {
    out += std::string("== ") + table + "\n";
    sqlite3_stmt* st = nullptr;
    const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY 1, 2";
    if (sqlite3_prepare_v2(s.db().handle(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      return "cannot read " + std::string(table);
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* v = sqlite3_column_text(st, c);
        out += v ? reinterpret_cast<const char*>(v) : "NULL";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(st);
  }
  return out;
}

}  // namespace pj::test
