// The perfjudge store: opening a database at the current schema version, and the typed writes
// and reads the run pipeline needs. Reports read the same tables with their own queries
// (schema documented in store/schema.sql and README.md, "Store").
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "store/db.hpp"

namespace pj::store {

// The schema version this build writes; PRAGMA user_version of every database it opens.
int current_schema_version();

// Applies every migration above the database's user_version, each in its own transaction.
// Throws pj::Error(Input) "FILE: ... newer perfjudge ..." when the database is newer.
void migrate(Db& db);

struct OpenOptions {
  int busy_timeout_ms = 5000;  // how long to wait for another writer before "locked"
};

struct RunRow {
  std::string run_key;
  std::string command_line;  // JSON array of argv
  std::string perfjudge_version;
  std::string git_hash;
  std::string host_json;
  std::string settings_json;
  std::string uid;  // unique per run (create_run makes one when empty)
  // --shard I/N; all unset when the run is not sharded.
  std::optional<std::int64_t> shard_index;
  std::optional<std::int64_t> shard_count;
  std::optional<std::string> shard_job_id;
  std::optional<std::string> shard_host;
  std::optional<std::string> shard_group;
};

struct TaskRow {
  std::string task_id;
  std::string kind;  // program | function
  std::string manifest_sha1;
  double alpha = 2.0;
  std::string levels_json;
};

struct ProgramRow {
  std::string task_id;
  std::string role;  // sample | reference | baseline
  std::string model;
  std::string sample_id;
  std::optional<std::string> ref_level;
  std::optional<std::int64_t> ref_rank;
  std::string language;
  std::string source;
  std::optional<std::string> raw_response;
  std::optional<std::string> sanitize_json;
  std::optional<std::string> origin;
};

struct ProgramResultRow {
  std::int64_t program_id = 0;
  std::string verdict;
  bool passed = false;
  std::optional<std::string> failed_test;
  std::optional<std::string> message;
  std::optional<std::string> output_excerpt;
  std::optional<std::string> build_json;
};

struct CounterRow {
  std::string name;
  double value = 0;
  std::string backend;
  std::optional<std::int64_t> time_enabled_ns;
  std::optional<std::int64_t> time_running_ns;
};

struct ExecutionRow {
  std::int64_t program_id = 0;
  std::string phase;  // test | stress
  std::string test_name;
  std::optional<std::int64_t> level;
  std::optional<std::int64_t> seed;
  std::int64_t repeat = 0;
  std::string verdict;
  std::optional<std::int64_t> exit_code;
  std::optional<std::int64_t> signal;
  std::int64_t wall_ns = 0;
  std::int64_t cpu_user_ns = 0;
  std::int64_t cpu_sys_ns = 0;
  std::int64_t max_rss_kib = 0;
  double mem_time_mib_s = 0;
  std::int64_t stdout_bytes = 0;
  std::optional<std::string> message;
  // Function tasks: which of the program's sessions made the call (0, 1, ...); unset when each
  // execution is a process of its own.
  std::optional<std::int64_t> session;
  std::vector<CounterRow> counters;
};

struct StressResultRow {
  std::int64_t program_id = 0;
  std::int64_t level = 0;
  std::int64_t seed = 0;
  std::string verdict;
  bool censored = false;
  std::optional<double> instructions;
  std::optional<double> cpu_s;
  std::optional<double> wall_s;
  std::optional<std::int64_t> max_rss_kib;
  std::optional<double> mem_time_mib_s;
  // The same summaries before the baseline's cost was subtracted, and which baseline it was;
  // all empty when nothing was subtracted (the costs above are then gross).
  std::optional<double> gross_instructions;
  std::optional<double> gross_cpu_s;
  std::optional<double> gross_wall_s;
  std::optional<std::int64_t> baseline_id;
};

// A program as the pipeline reads it back.
struct ProgramInfo {
  std::int64_t id = 0;
  std::string task_id;
  std::string role;
  std::string model;
  std::string sample_id;
  std::string language;
  std::string source;
  std::optional<std::int64_t> ref_rank;
};

struct RunInfo {
  std::int64_t id = 0;
  std::string run_key;
  std::string status;
  std::string started_at;
};

// Not thread-safe: one Store per thread, or the caller serialises access.
class Store {
 public:
  // Opens or creates the database: WAL journal, foreign keys on, migrated to the current
  // schema. A newer, locked, corrupt or foreign file is one pj::Error(Input) naming the file.
  explicit Store(const std::filesystem::path& file, OpenOptions opt = {});
  static Store open_read_only(const std::filesystem::path& file);

  Db& db() { return *db_; }
  int schema_version();

  // ---- runs ----
  std::optional<RunInfo> find_run(std::string_view run_key);  // the newest with this key
  std::int64_t create_run(const RunRow& row);
  void set_run_status(std::int64_t run_id, std::string_view status);  // stamps finished_at
  // Sets one top-level key of runs.host_json (e.g. "end") to `value_json`, keeping the rest.
  void set_run_host_key(std::int64_t run_id, std::string_view key, std::string_view value_json);
  std::vector<RunInfo> runs();

  // ---- writes; call inside a Transaction for atomic units ----
  void put_task(std::int64_t run_id, const TaskRow& row);  // insert or keep the existing row
  // Inserts the program, or returns the id of the identical (run, task, role, model,
  // sample_id) program already stored, so ingesting twice is harmless.
  std::int64_t put_program(std::int64_t run_id, const ProgramRow& row);
  void insert_result(const ProgramResultRow& row);
  std::int64_t insert_execution(const ExecutionRow& row);  // with its counters
  void insert_stress_result(const StressResultRow& row);
  void mark_done(std::int64_t run_id, std::string_view unit);

  // ---- reads ----
  bool is_done(std::int64_t run_id, std::string_view unit);
  std::unordered_set<std::string> done_units(std::int64_t run_id);
  std::optional<std::int64_t> find_program(std::int64_t run_id, std::string_view task_id,
                                           std::string_view role, std::string_view model,
                                           std::string_view sample_id);
  std::optional<ProgramInfo> program(std::int64_t program_id);
  // Programs of a task without a program_results row, ordered by id, at most `limit`
  // from after_id: the pipeline pages through them instead of holding them all.
  std::vector<std::int64_t> programs_without_result(std::int64_t run_id, std::int64_t after_id,
                                                    std::size_t limit);
  // References and samples of a task that passed correctness, ordered by role then id.
  std::vector<ProgramInfo> passing_programs(std::int64_t run_id, std::string_view task_id);
  std::unordered_set<std::string> tasks_with_samples(std::int64_t run_id);
  // The distinct languages of a task's programs that passed correctness, sorted.
  std::vector<std::string> passing_languages(std::int64_t run_id, std::string_view task_id);
  std::optional<std::int64_t> baseline_program(std::int64_t run_id, std::string_view task_id);
  // Every baseline of a task (program tasks: one per language measured), ordered by id.
  std::vector<ProgramInfo> baseline_programs(std::int64_t run_id, std::string_view task_id);
  std::int64_t count_without_result(std::int64_t run_id);  // baselines excluded
  std::int64_t count_programs(std::int64_t run_id, std::string_view role);
  std::int64_t count_results(std::int64_t run_id, bool passed_only);
  std::int64_t count_executions(std::int64_t run_id);

 private:
  explicit Store(std::unique_ptr<Db> db);
  std::unique_ptr<Db> db_;
};

// Current UTC time as ISO-8601 text ("2026-01-31T12:00:00Z").
std::string utc_now();

}  // namespace pj::store
