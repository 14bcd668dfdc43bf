#include "store/store.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <random>

#include <unistd.h>

#include "core/error.hpp"
#include "core/hash.hpp"

namespace pj::store {

namespace {

// A locked or corrupt file shows up at the first statement; say so in words a user can act on.
[[noreturn]] void fail_open(const std::filesystem::path& file, sqlite3* h) {
  const int code = sqlite3_errcode(h) & 0xff;
  std::string why;
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    why = "database is locked by another process (is another perfjudge run writing to it?)";
  } else if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
    why = fmt::format("not a perfjudge database or corrupt ({})", sqlite3_errmsg(h));
  } else {
    why = fmt::format("cannot use database: {}", sqlite3_errmsg(h));
  }
  fail_input(fmt::format("{}: {}", file.string(), why));
}

void exec_checked(Db& db, const char* sql) {
  if (sqlite3_exec(db.handle(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    fail_open(db.file(), db.handle());
  }
}

// Unique across machines and processes: time, pid, randomness and the run's key, hashed.
std::string new_run_uid(std::string_view run_key) {
  std::random_device rd;
  const auto now = std::chrono::system_clock::now().time_since_epoch().count();
  Hasher h;
  h.add(run_key).add(std::to_string(now)).add(std::to_string(getpid()));
  h.add(std::to_string(rd())).add(std::to_string(rd()));
  return h.hex();
}

}  // namespace

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Store::Store(std::unique_ptr<Db> db) : db_(std::move(db)) {}

Store::Store(const std::filesystem::path& file, OpenOptions opt)
    : db_(std::make_unique<Db>(file, Db::Mode::ReadWrite)) {
  sqlite3_busy_timeout(db_->handle(), opt.busy_timeout_ms);
  // Reading the schema first makes a corrupt or foreign file fail before anything is written.
  exec_checked(*db_, "SELECT count(*) FROM sqlite_master");
  exec_checked(*db_, "PRAGMA journal_mode = WAL");
  exec_checked(*db_, "PRAGMA synchronous = NORMAL");  // WAL + NORMAL survives a process crash
  exec_checked(*db_, "PRAGMA foreign_keys = ON");
  try {
    migrate(*db_);
  } catch (const Error&) {
    if ((sqlite3_errcode(db_->handle()) & 0xff) == SQLITE_BUSY) fail_open(file, db_->handle());
    throw;
  }
}

Store Store::open_read_only(const std::filesystem::path& file) {
  auto db = std::make_unique<Db>(file, Db::Mode::ReadOnly);
  exec_checked(*db, "SELECT count(*) FROM sqlite_master");
  Store s(std::move(db));
  const int v = s.schema_version();
  if (v > current_schema_version()) {
    fail_input(
        fmt::format("{}: database written by a newer perfjudge (schema version {}, this "
                    "build knows up to {})",
                    file.string(), v, current_schema_version()));
  }
  if (v < 1) fail_input(fmt::format("{}: not a perfjudge database (empty)", file.string()));
  return s;
}

int Store::schema_version() {
  Statement st = db_->prepare("PRAGMA user_version");
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

// ---- runs ---------------------------------------------------------------------------------

std::optional<RunInfo> Store::find_run(std::string_view run_key) {
  Statement st = db_->prepare(
      "SELECT id, run_key, status, started_at FROM runs WHERE run_key = ? ORDER BY id DESC "
      "LIMIT 1");
  st.bind(1, run_key);
  if (!st.step()) return std::nullopt;
  return RunInfo{st.int64(0), st.text(1), st.text(2), st.text(3)};
}

std::vector<RunInfo> Store::runs() {
  Statement st = db_->prepare("SELECT id, run_key, status, started_at FROM runs ORDER BY id");
  std::vector<RunInfo> out;
  while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3)});
  return out;
}

std::int64_t Store::create_run(const RunRow& r) {
  Statement st = db_->prepare(
      "INSERT INTO runs (run_key, status, started_at, command_line, perfjudge_version, git_hash, "
      "host_json, settings_json, uid, shard_index, shard_count, shard_job_id, shard_host, "
      "shard_group) VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, r.run_key)
      .bind(2, utc_now())
      .bind(3, r.command_line)
      .bind(4, r.perfjudge_version)
      .bind(5, r.git_hash)
      .bind(6, r.host_json)
      .bind(7, r.settings_json)
      .bind(8, r.uid.empty() ? new_run_uid(r.run_key) : r.uid)
      .bind(9, r.shard_index)
      .bind(10, r.shard_count)
      .bind(11, r.shard_job_id)
      .bind(12, r.shard_host)
      .bind(13, r.shard_group);
  st.run();
  return db_->last_insert_id();
}

void Store::set_run_status(std::int64_t run_id, std::string_view status) {
  Statement st = db_->prepare(
      "UPDATE runs SET status = ?, finished_at = CASE WHEN ? = 'running' THEN NULL ELSE ? END "
      "WHERE id = ?");
  st.bind(1, status).bind(2, status).bind(3, utc_now()).bind(4, run_id);
  st.run();
}

void Store::set_run_host_key(std::int64_t run_id, std::string_view key,
                             std::string_view value_json) {
  Statement st =
      db_->prepare("UPDATE runs SET host_json = json_set(host_json, ?, json(?)) WHERE id = ?");
  st.bind(1, fmt::format("$.\"{}\"", key)).bind(2, value_json).bind(3, run_id);
  st.run();
}

// ---- writes -------------------------------------------------------------------------------

void Store::put_task(std::int64_t run_id, const TaskRow& r) {
  Statement st = db_->prepare(
      "INSERT OR IGNORE INTO tasks (run_id, task_id, kind, manifest_sha1, alpha, levels_json) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, run_id)
      .bind(2, r.task_id)
      .bind(3, r.kind)
      .bind(4, r.manifest_sha1)
      .bind(5, r.alpha)
      .bind(6, r.levels_json);
  st.run();
}

std::int64_t Store::put_program(std::int64_t run_id, const ProgramRow& r) {
  if (auto id = find_program(run_id, r.task_id, r.role, r.model, r.sample_id)) return *id;
  Statement st = db_->prepare(
      "INSERT INTO programs (run_id, task_id, role, model, sample_id, ref_level, ref_rank, "
      "language, source_sha1, source, raw_response, sanitize_json, origin) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, run_id)
      .bind(2, r.task_id)
      .bind(3, r.role)
      .bind(4, r.model)
      .bind(5, r.sample_id)
      .bind(6, r.ref_level)
      .bind(7, r.ref_rank)
      .bind(8, r.language)
      .bind(9, sha1_hex(r.source))
      .bind(10, r.source)
      .bind(11, r.raw_response)
      .bind(12, r.sanitize_json)
      .bind(13, r.origin);
  st.run();
  return db_->last_insert_id();
}

void Store::insert_result(const ProgramResultRow& r) {
  Statement st = db_->prepare(
      "INSERT OR REPLACE INTO program_results (program_id, verdict, passed, failed_test, "
      "message, output_excerpt, build_json) VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, r.program_id)
      .bind(2, r.verdict)
      .bind(3, std::int64_t{r.passed ? 1 : 0})
      .bind(4, r.failed_test)
      .bind(5, r.message)
      .bind(6, r.output_excerpt)
      .bind(7, r.build_json);
  st.run();
}

std::int64_t Store::insert_execution(const ExecutionRow& r) {
  Statement st = db_->prepare(
      "INSERT INTO executions (program_id, phase, test_name, level, seed, repeat, verdict, "
      "exit_code, signal, wall_ns, cpu_user_ns, cpu_sys_ns, max_rss_kib, mem_time_mib_s, "
      "stdout_bytes, message, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?)");
  st.bind(1, r.program_id)
      .bind(2, r.phase)
      .bind(3, r.test_name)
      .bind(4, r.level)
      .bind(5, r.seed)
      .bind(6, r.repeat)
      .bind(7, r.verdict)
      .bind(8, r.exit_code)
      .bind(9, r.signal)
      .bind(10, r.wall_ns)
      .bind(11, r.cpu_user_ns)
      .bind(12, r.cpu_sys_ns)
      .bind(13, r.max_rss_kib)
      .bind(14, r.mem_time_mib_s)
      .bind(15, r.stdout_bytes)
      .bind(16, r.message)
      .bind(17, r.session);
  st.run();
  const std::int64_t id = db_->last_insert_id();
  if (r.counters.empty()) return id;
  Statement c = db_->prepare(
      "INSERT INTO counters (execution_id, name, value, backend, time_enabled_ns, "
      "time_running_ns) VALUES (?, ?, ?, ?, ?, ?)");
  for (const CounterRow& k : r.counters) {
    c.bind(1, id)
        .bind(2, k.name)
        .bind(3, k.value)
        .bind(4, k.backend)
        .bind(5, k.time_enabled_ns)
        .bind(6, k.time_running_ns);
    c.run();
    c.reset();
  }
  return id;
}

void Store::insert_stress_result(const StressResultRow& r) {
  Statement st = db_->prepare(
      "INSERT OR REPLACE INTO stress_results (program_id, level, seed, verdict, censored, "
      "instructions, cpu_s, wall_s, max_rss_kib, mem_time_mib_s, gross_instructions, "
      "gross_cpu_s, gross_wall_s, baseline_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, r.program_id)
      .bind(2, r.level)
      .bind(3, r.seed)
      .bind(4, r.verdict)
      .bind(5, std::int64_t{r.censored ? 1 : 0})
      .bind(6, r.instructions)
      .bind(7, r.cpu_s)
      .bind(8, r.wall_s)
      .bind(9, r.max_rss_kib)
      .bind(10, r.mem_time_mib_s)
      .bind(11, r.gross_instructions)
      .bind(12, r.gross_cpu_s)
      .bind(13, r.gross_wall_s)
      .bind(14, r.baseline_id);
  st.run();
}

void Store::mark_done(std::int64_t run_id, std::string_view unit) {
  Statement st = db_->prepare("INSERT OR IGNORE INTO units_done (run_id, unit) VALUES (?, ?)");
  st.bind(1, run_id).bind(2, unit);
  st.run();
}

// ---- reads --------------------------------------------------------------------------------

bool Store::is_done(std::int64_t run_id, std::string_view unit) {
  Statement st = db_->prepare("SELECT 1 FROM units_done WHERE run_id = ? AND unit = ?");
  st.bind(1, run_id).bind(2, unit);
  return st.step();
}

std::unordered_set<std::string> Store::done_units(std::int64_t run_id) {
  Statement st = db_->prepare("SELECT unit FROM units_done WHERE run_id = ?");
  st.bind(1, run_id);
  std::unordered_set<std::string> out;
  while (st.step()) out.insert(st.text(0));
  return out;
}

std::optional<std::int64_t> Store::find_program(std::int64_t run_id, std::string_view task_id,
                                                std::string_view role, std::string_view model,
                                                std::string_view sample_id) {
  Statement st = db_->prepare(
      "SELECT id FROM programs WHERE run_id = ? AND task_id = ? AND role = ? AND model = ? AND "
      "sample_id = ?");
  st.bind(1, run_id).bind(2, task_id).bind(3, role).bind(4, model).bind(5, sample_id);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

namespace {
constexpr const char* program_columns =
    "p.id, p.task_id, p.role, p.model, p.sample_id, p.language, p.source, p.ref_rank";

// The programs a run judges (parameter ?1 is the run): its samples, and the references of
// tasks that have samples. A task nobody submitted to is not worth measuring.
constexpr const char* kToJudge =
    "p.run_id = ?1 AND (p.role = 'sample' OR (p.role = 'reference' AND p.task_id IN "
    "(SELECT task_id FROM programs WHERE run_id = ?1 AND role = 'sample')))";

ProgramInfo program_from(const Statement& st) {
  return ProgramInfo{st.int64(0), st.text(1), st.text(2), st.text(3),
                     st.text(4),  st.text(5), st.text(6), st.opt_int64(7)};
}
}  // namespace

std::optional<ProgramInfo> Store::program(std::int64_t program_id) {
  Statement st =
      db_->prepare(fmt::format("SELECT {} FROM programs p WHERE p.id = ?", program_columns));
  st.bind(1, program_id);
  if (!st.step()) return std::nullopt;
  return program_from(st);
}

std::vector<std::int64_t> Store::programs_without_result(std::int64_t run_id, std::int64_t after_id,
                                                         std::size_t limit) {
  Statement st = db_->prepare(
      fmt::format("SELECT p.id FROM programs p LEFT JOIN program_results r ON r.program_id = p.id "
                  "WHERE {} AND p.id > ?2 AND r.program_id IS NULL ORDER BY p.id LIMIT ?3",
                  kToJudge));
  st.bind(1, run_id).bind(2, after_id).bind(3, static_cast<std::int64_t>(limit));
  std::vector<std::int64_t> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

std::unordered_set<std::string> Store::tasks_with_samples(std::int64_t run_id) {
  Statement st =
      db_->prepare("SELECT DISTINCT task_id FROM programs WHERE run_id = ? AND role = 'sample'");
  st.bind(1, run_id);
  std::unordered_set<std::string> out;
  while (st.step()) out.insert(st.text(0));
  return out;
}

std::vector<ProgramInfo> Store::passing_programs(std::int64_t run_id, std::string_view task_id) {
  Statement st = db_->prepare(
      fmt::format("SELECT {} FROM programs p JOIN program_results r ON r.program_id = p.id "
                  "WHERE p.run_id = ? AND p.task_id = ? AND r.passed = 1 "
                  "ORDER BY CASE p.role WHEN 'reference' THEN 0 ELSE 1 END, p.id",
                  program_columns));
  st.bind(1, run_id).bind(2, task_id);
  std::vector<ProgramInfo> out;
  while (st.step()) out.push_back(program_from(st));
  return out;
}

std::optional<std::int64_t> Store::baseline_program(std::int64_t run_id, std::string_view task_id) {
  Statement st = db_->prepare(
      "SELECT id FROM programs WHERE run_id = ? AND task_id = ? AND role = 'baseline' LIMIT 1");
  st.bind(1, run_id).bind(2, task_id);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

std::vector<std::string> Store::passing_languages(std::int64_t run_id, std::string_view task_id) {
  Statement st = db_->prepare(
      "SELECT DISTINCT p.language FROM programs p JOIN program_results r ON r.program_id = p.id "
      "WHERE p.run_id = ? AND p.task_id = ? AND r.passed = 1 ORDER BY p.language");
  st.bind(1, run_id).bind(2, task_id);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::vector<ProgramInfo> Store::baseline_programs(std::int64_t run_id, std::string_view task_id) {
  Statement st =
      db_->prepare(fmt::format("SELECT {} FROM programs p WHERE p.run_id = ? AND p.task_id = ? AND "
                               "p.role = 'baseline' ORDER BY p.id",
                               program_columns));
  st.bind(1, run_id).bind(2, task_id);
  std::vector<ProgramInfo> out;
  while (st.step()) out.push_back(program_from(st));
  return out;
}

std::int64_t Store::count_without_result(std::int64_t run_id) {
  Statement st =
      db_->prepare(fmt::format("SELECT count(*) FROM programs p LEFT JOIN program_results r ON "
                               "r.program_id = p.id WHERE {} AND r.program_id IS NULL",
                               kToJudge));
  st.bind(1, run_id);
  st.step();
  return st.int64(0);
}

std::int64_t Store::count_programs(std::int64_t run_id, std::string_view role) {
  Statement st = db_->prepare("SELECT count(*) FROM programs WHERE run_id = ? AND role = ?");
  st.bind(1, run_id).bind(2, role);
  st.step();
  return st.int64(0);
}

std::int64_t Store::count_results(std::int64_t run_id, bool passed_only) {
  Statement st = db_->prepare(
      "SELECT count(*) FROM program_results r JOIN programs p ON p.id = r.program_id "
      "WHERE p.run_id = ? AND p.role = 'sample' AND (? = 0 OR r.passed = 1)");
  st.bind(1, run_id).bind(2, std::int64_t{passed_only ? 1 : 0});
  st.step();
  return st.int64(0);
}

std::int64_t Store::count_executions(std::int64_t run_id) {
  Statement st = db_->prepare(
      "SELECT count(*) FROM executions e JOIN programs p ON p.id = e.program_id "
      "WHERE p.run_id = ?");
  st.bind(1, run_id);
  st.step();
  return st.int64(0);
}

}  // namespace pj::store
