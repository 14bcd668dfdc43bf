#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <string>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "store/store.hpp"

namespace {

using pj::store::Store;

pj::store::RunRow run_row(std::string key) {
  pj::store::RunRow r;
  r.run_key = std::move(key);
  r.command_line = "[\"perfjudge\",\"run\"]";
  r.perfjudge_version = "0.1.0";
  r.git_hash = "abc";
  r.host_json = "{}";
  r.settings_json = "{}";
  return r;
}

pj::store::ProgramRow sample(std::string task, std::string id) {
  pj::store::ProgramRow p;
  p.task_id = std::move(task);
  p.role = "sample";
  p.model = "m";
  p.sample_id = std::move(id);
  p.language = "python";
  p.source = "print(1)\n";
  return p;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const pj::Error& e) {
    EXPECT_EQ(e.kind(), pj::ErrorKind::Input);
    return e.what();
  }
  return "";
}

TEST(Store, CreatesSchemaAtCurrentVersionInWalMode) {
  pj::TempDir dir;
  Store s(dir.path() / "a.sqlite");
  EXPECT_EQ(s.schema_version(), pj::store::current_schema_version());
  auto st = s.db().prepare("PRAGMA journal_mode");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "wal");
  auto fk = s.db().prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(fk.step());
  EXPECT_EQ(fk.int64(0), 1);
}

TEST(Store, ReopeningKeepsDataAndDoesNotReapplyMigrations) {
  pj::TempDir dir;
  const auto file = dir.path() / "a.sqlite";
  std::int64_t run = 0;
  {
    Store s(file);
    run = s.create_run(run_row("k1"));
  }
  Store s(file);
  auto found = s.find_run("k1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, run);
  EXPECT_EQ(found->status, "running");
  EXPECT_FALSE(s.find_run("other"));
}

TEST(Store, NewerSchemaIsOneLineErrorNamingTheFile) {
  pj::TempDir dir;
  const auto file = dir.path() / "new.sqlite";
  {
    Store s(file);
    s.db().exec("PRAGMA user_version = 99");
  }
  const std::string msg = error_of([&] { Store s(file); });
  EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("newer"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos);
  const std::string ro = error_of([&] { Store::open_read_only(file); });
  EXPECT_NE(ro.find("newer"), std::string::npos) << ro;
}

TEST(Store, CorruptFileIsOneLineErrorNamingTheFile) {
  pj::TempDir dir;
  const auto file = dir.path() / "junk.sqlite";
  {
    std::ofstream out(file);
    out << std::string(8192, 'x');
  }
  const std::string msg = error_of([&] { Store s(file); });
  EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("corrupt"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos);
}

TEST(Store, LockedDatabaseIsOneLineErrorNamingTheFile) {
  pj::TempDir dir;
  const auto file = dir.path() / "busy.sqlite";
  Store holder(file);
  pj::store::Transaction tx(holder.db());  // holds the write lock
  holder.create_run(run_row("x"));
  const std::string msg = error_of([&] {
    Store s(file, pj::store::OpenOptions{50});
    pj::store::Transaction t2(s.db());
  });
  EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("locked"), std::string::npos) << msg;
}

TEST(Store, PutProgramIsIdempotentAndRunsAreSeparate) {
  pj::TempDir dir;
  Store s(dir.path() / "a.sqlite");
  const auto r1 = s.create_run(run_row("k"));
  const auto r2 = s.create_run(run_row("k"));
  const auto a = s.put_program(r1, sample("t", "0"));
  EXPECT_EQ(s.put_program(r1, sample("t", "0")), a);
  const auto b = s.put_program(r2, sample("t", "0"));  // same sample in another run: kept
  EXPECT_NE(a, b);
  EXPECT_EQ(s.count_programs(r1, "sample"), 1);
  EXPECT_EQ(s.count_programs(r2, "sample"), 1);
  EXPECT_EQ(s.find_run("k")->id, r2);  // the newest run with the key
  auto info = s.program(a);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->source, "print(1)\n");
}

TEST(Store, SetRunHostKeyAddsOrReplacesOneKeyAndKeepsTheRest) {
  pj::TempDir dir;
  Store s(dir.path() / "h.sqlite");
  auto row = run_row("k");
  row.host_json = R"({"cpu_model":"X","start":{"loadavg":[1,2,3]}})";
  const auto r = s.create_run(row);
  const auto other = s.create_run(run_row("other"));
  s.set_run_host_key(r, "end", R"({"loadavg":[4,5,6],"turbo":null})");
  s.set_run_host_key(r, "end", R"({"loadavg":[7,8,9],"turbo":null})");
  auto host_of = [&](std::int64_t id) {
    auto st = s.db().prepare("SELECT host_json FROM runs WHERE id = ?");
    st.bind(1, id);
    EXPECT_TRUE(st.step());
    return st.text(0);
  };
  EXPECT_EQ(
      host_of(r),
      R"({"cpu_model":"X","start":{"loadavg":[1,2,3]},"end":{"loadavg":[7,8,9],"turbo":null}})");
  EXPECT_EQ(host_of(other), "{}");
}

TEST(Store, UnitWritesAreAtomic) {
  pj::TempDir dir;
  Store s(dir.path() / "a.sqlite");
  const auto run = s.create_run(run_row("k"));
  const auto p = s.put_program(run, sample("t", "0"));
  {
    pj::store::Transaction tx(s.db());
    pj::store::ExecutionRow e;
    e.program_id = p;
    e.phase = "test";
    e.test_name = "t1";
    e.verdict = "OK";
    e.counters.push_back({"instructions", 1234, "valgrind", std::nullopt, std::nullopt});
    s.insert_execution(e);
    s.mark_done(run, "check:1");
    // no commit: a crash here must leave nothing behind
  }
  EXPECT_EQ(s.count_executions(run), 0);
  EXPECT_FALSE(s.is_done(run, "check:1"));
  {
    pj::store::Transaction tx(s.db());
    pj::store::ExecutionRow e;
    e.program_id = p;
    e.phase = "stress";
    e.test_name = "L0";
    e.level = 0;
    e.seed = 1;
    e.verdict = "OK";
    e.counters.push_back({"instructions", 1234, "valgrind", std::nullopt, std::nullopt});
    s.insert_execution(e);
    s.insert_result({p, "OK", true, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
    pj::store::StressResultRow sr;
    sr.program_id = p;
    sr.verdict = "OK";
    sr.instructions = 1234;
    s.insert_stress_result(sr);
    s.mark_done(run, "check:1");
    tx.commit();
  }
  EXPECT_EQ(s.count_executions(run), 1);
  EXPECT_TRUE(s.is_done(run, "check:1"));
  EXPECT_EQ(s.done_units(run).count("check:1"), 1u);
  EXPECT_EQ(s.passing_programs(run, "t").size(), 1u);
  auto st = s.db().prepare("SELECT cpu_s, instructions FROM stress_results");
  ASSERT_TRUE(st.step());
  EXPECT_TRUE(st.is_null(0));  // unavailable cost is NULL, never 0
  EXPECT_DOUBLE_EQ(st.real(1), 1234);
}

TEST(Store, VersionOneDatabaseGainsTheGrossColumnsAndKeepsItsRows) {
  pj::TempDir dir;
  const auto file = dir.path() / "v1.sqlite";
  {
    // A database as schema version 1 left it, with one summary row.
    pj::store::Db db(file, pj::store::Db::Mode::ReadWrite);
    std::ifstream in(std::string(PJ_SOURCE_DIR) + "/store/schema.sql");
    const std::string v1((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    db.exec(v1);
    db.exec("PRAGMA user_version = 1");
    db.exec(
        "INSERT INTO runs VALUES (1, 'k', 'complete', 't', NULL, '[]', 'v', 'g', '{}', '{}');"
        "INSERT INTO programs (id, run_id, task_id, role, model, sample_id, language, "
        "source_sha1, source) VALUES (1, 1, 't', 'sample', 'm', 's', 'python', 'x', '');"
        "INSERT INTO stress_results (program_id, level, seed, verdict, censored, cpu_s) VALUES "
        "(1, 0, 1, 'OK', 0, 0.5);");
  }
  Store s(file);
  EXPECT_EQ(s.schema_version(), pj::store::current_schema_version());
  auto old = s.db().prepare(
      "SELECT cpu_s, gross_cpu_s, baseline_id FROM stress_results WHERE program_id = 1");
  ASSERT_TRUE(old.step());
  EXPECT_DOUBLE_EQ(old.real(0), 0.5);
  EXPECT_TRUE(old.is_null(1));  // nothing was subtracted from it
  EXPECT_TRUE(old.is_null(2));
  // A net summary keeps its gross figures and names its baseline.
  pj::store::ProgramRow base = sample("t", "baseline-python");
  base.role = "baseline";
  const auto b = s.put_program(1, base);
  pj::store::StressResultRow sr;
  sr.program_id = 1;
  sr.level = 1;
  sr.verdict = "OK";
  sr.cpu_s = 0.02;
  sr.gross_cpu_s = 0.035;
  sr.gross_instructions = 7e6;
  sr.baseline_id = b;
  s.insert_stress_result(sr);
  auto st = s.db().prepare(
      "SELECT cpu_s, gross_cpu_s, gross_instructions, gross_wall_s, baseline_id FROM "
      "stress_results WHERE level = 1");
  ASSERT_TRUE(st.step());
  EXPECT_DOUBLE_EQ(st.real(0), 0.02);
  EXPECT_DOUBLE_EQ(st.real(1), 0.035);
  EXPECT_DOUBLE_EQ(st.real(2), 7e6);
  EXPECT_TRUE(st.is_null(3));
  EXPECT_EQ(st.int64(4), b);
  ASSERT_EQ(s.baseline_programs(1, "t").size(), 1u);
  EXPECT_EQ(s.baseline_programs(1, "t").front().id, b);
}

// Schema 4: an old run gains the shard columns, unset (it was not sharded); a new run gets a
// uid of its own and keeps the shard it was given.
TEST(Store, RunsRecordTheirShardAndAUid) {
  pj::TempDir dir;
  const auto file = dir.path() / "v3.sqlite";
  {
    pj::store::Db db(file, pj::store::Db::Mode::ReadWrite);
    std::ifstream in(std::string(PJ_SOURCE_DIR) + "/store/schema.sql");
    const std::string v1((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    db.exec(v1);
    db.exec("PRAGMA user_version = 1");
    db.exec("INSERT INTO runs VALUES (1, 'k', 'complete', 't', NULL, '[]', 'v', 'g', '{}', '{}')");
  }
  Store s(file);
  EXPECT_EQ(s.schema_version(), 4);
  auto old = s.db().prepare("SELECT uid, shard_index, shard_count, shard_group FROM runs");
  ASSERT_TRUE(old.step());
  for (int c = 0; c < 4; ++c) EXPECT_TRUE(old.is_null(c)) << c;

  pj::store::RunRow r = run_row("k2");
  r.shard_index = 3;
  r.shard_count = 4;
  r.shard_job_id = "77_3";
  r.shard_host = "node7";
  r.shard_group = "g";
  const auto a = s.create_run(r);
  const auto b = s.create_run(run_row("k2"));
  auto st = s.db().prepare(
      "SELECT uid, shard_index, shard_count, shard_job_id, shard_host, shard_group FROM runs "
      "WHERE id = ?");
  st.bind(1, a);
  ASSERT_TRUE(st.step());
  const std::string uid_a = st.text(0);
  EXPECT_EQ(uid_a.size(), 40u);
  EXPECT_EQ(st.int64(1), 3);
  EXPECT_EQ(st.int64(2), 4);
  EXPECT_EQ(st.text(3), "77_3");
  EXPECT_EQ(st.text(4), "node7");
  EXPECT_EQ(st.text(5), "g");
  st.reset();
  st.bind(1, b);
  ASSERT_TRUE(st.step());
  EXPECT_NE(st.text(0), uid_a);  // the same command again is another run
  EXPECT_TRUE(st.is_null(1));
}

// A call row says which of its program's sessions made it; a row of its own process says none.
TEST(Store, ExecutionsKeepTheSessionThatMadeThem) {
  pj::TempDir dir;
  Store s(dir.path() / "a.sqlite");
  const auto run = s.create_run(run_row("k"));
  const auto p = s.put_program(run, sample("t", "0"));
  pj::store::ExecutionRow e;
  e.program_id = p;
  e.phase = "stress";
  e.test_name = "L0";
  e.verdict = "OK";
  e.session = 2;
  s.insert_execution(e);
  e.session.reset();
  s.insert_execution(e);
  auto st = s.db().prepare("SELECT session FROM executions ORDER BY id");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 2);
  ASSERT_TRUE(st.step());
  EXPECT_TRUE(st.is_null(0));
}

TEST(Store, ForeignKeysAreEnforced) {
  pj::TempDir dir;
  Store s(dir.path() / "a.sqlite");
  EXPECT_THROW(
      s.insert_result({424242, "OK", true, std::nullopt, std::nullopt, std::nullopt, std::nullopt}),
      pj::Error);
}

TEST(Store, ProgramsWithoutResultPageInIdOrder) {
  pj::TempDir dir;
  Store s(dir.path() / "a.sqlite");
  const auto run = s.create_run(run_row("k"));
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(s.put_program(run, sample("t", std::to_string(i))));
  s.insert_result({ids[1], "WA", false, "t1", std::nullopt, std::nullopt, std::nullopt});
  auto page = s.programs_without_result(run, 0, 2);
  EXPECT_EQ(page, (std::vector<std::int64_t>{ids[0], ids[2]}));
  page = s.programs_without_result(run, ids[2], 10);
  EXPECT_EQ(page, (std::vector<std::int64_t>{ids[3], ids[4]}));
  EXPECT_EQ(s.count_results(run, false), 1);
  EXPECT_EQ(s.count_results(run, true), 0);
}

TEST(Store, RunStatusStampsFinishTime) {
  pj::TempDir dir;
  Store s(dir.path() / "a.sqlite");
  const auto run = s.create_run(run_row("k"));
  s.set_run_status(run, "complete");
  auto st = s.db().prepare("SELECT status, finished_at FROM runs WHERE id = ?");
  st.bind(1, run);
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "complete");
  EXPECT_FALSE(st.is_null(1));
}

}  // namespace
