// `merge` of shard stores: each shard's run copied whole under new ids, settings that must
// match checked (naming the setting), duplicate and missing shards named, idempotent, and a
// merge that fails mid-way leaves whole shards only, so that running it again finishes it.
#include "store/merge.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

#include "common/shard_stores.hpp"
#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;
using pj::test::dump_store;
using pj::test::ShardSpec;
using pj::test::write_shard;

std::int64_t scalar(const fs::path& db, const std::string& sql) {
  pj::store::Store s = pj::store::Store::open_read_only(db);
  auto st = s.db().prepare(sql);
  return st.step() ? st.int64(0) : -1;
}

std::string input_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const pj::Error& e) {
    EXPECT_EQ(e.kind(), pj::ErrorKind::Input) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

struct TwoShards {
  pj::TempDir dir;
  fs::path a = dir.path() / "s0.sqlite";
  fs::path b = dir.path() / "s1.sqlite";
  TwoShards() {
    write_shard(a, pj::test::shard(0, 2));
    ShardSpec second = pj::test::shard(1, 2);
    second.samples = 2;
    second.settings["jobs"] = 8;  // another machine's core count is no scoring setting
    write_shard(b, second);
  }
};

TEST(Merge, CopiesEachShardAsARunOfItsOwnWithItsRowsAndLinks) {
  TwoShards s;
  const fs::path out = s.dir.path() / "all.sqlite";
  const auto r = pj::store::merge(out, {s.a, s.b});
  EXPECT_EQ(r.merged.size(), 2u);
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM runs"), 2);
  EXPECT_EQ(scalar(out, "SELECT count(DISTINCT shard_group) FROM runs"), 1);
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM programs WHERE role = 'sample'"), 5);
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM programs WHERE role = 'reference'"), 2);
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM program_results WHERE passed = 1"), 3);
  // Each copied row still points into its own shard's run.
  EXPECT_EQ(scalar(out,
                   "SELECT count(*) FROM stress_results s JOIN programs p ON p.id = s.program_id "
                   "JOIN programs b ON b.id = s.baseline_id WHERE b.run_id = p.run_id AND "
                   "b.role = 'baseline'"),
            5);
  EXPECT_EQ(scalar(out,
                   "SELECT count(*) FROM counters c JOIN executions e ON e.id = c.execution_id "
                   "JOIN programs p ON p.id = e.program_id"),
            5);
  EXPECT_EQ(scalar(out,
                   "SELECT count(*) FROM programs p JOIN runs r ON r.id = p.run_id WHERE "
                   "p.role = 'sample' AND p.sample_id LIKE r.shard_index || '-%'"),
            5);
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM units_done WHERE unit = 'ingest'"), 2);
  EXPECT_EQ(scalar(out, "PRAGMA foreign_key_check"), -1);  // no dangling reference
}

TEST(Merge, RefusesShardsWhoseScoringSettingsDifferNamingTheSetting) {
  pj::TempDir dir;
  const fs::path a = dir.path() / "s0.sqlite", b = dir.path() / "s1.sqlite";
  write_shard(a, pj::test::shard(0, 2));
  ShardSpec other = pj::test::shard(1, 2);
  other.settings["repeats"] = 5;
  write_shard(b, other);
  const fs::path out = dir.path() / "all.sqlite";
  const std::string e = input_error([&] { pj::store::merge(out, {a, b}); });
  EXPECT_NE(e.find("setting 'repeats' is 5 here but 3"), std::string::npos) << e;
  EXPECT_NE(e.find(b.string() + ": shard 1/2"), std::string::npos) << e;
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM runs"), 0);  // checked before anything is written

  // The same against what an earlier merge put into the output.
  pj::store::merge(out, {a});
  EXPECT_NE(input_error([&] { pj::store::merge(out, {b}); }).find("setting 'repeats'"),
            std::string::npos);
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM runs"), 1);
}

TEST(Merge, RefusesShardsOfADifferentShardCount) {
  pj::TempDir dir;
  const fs::path a = dir.path() / "s0.sqlite", b = dir.path() / "s1.sqlite";
  write_shard(a, pj::test::shard(0, 2));
  write_shard(b, pj::test::shard(1, 3));
  const std::string e = input_error([&] { pj::store::merge(dir.path() / "o.sqlite", {a, b}); });
  EXPECT_NE(e.find("setting 'shard count' is 3 here but 2"), std::string::npos) << e;
}

TEST(Merge, NamesDuplicateShardsThatAreDifferentRuns) {
  pj::TempDir dir;
  const fs::path a = dir.path() / "s0.sqlite", again = dir.path() / "s0-again.sqlite";
  write_shard(a, pj::test::shard(0, 2));
  write_shard(again, pj::test::shard(0, 2));  // shard 0 run a second time: another uid
  const fs::path out = dir.path() / "all.sqlite";
  const std::string e = input_error([&] { pj::store::merge(out, {a, again}); });
  EXPECT_NE(e.find("duplicate shard 0/2"), std::string::npos) << e;
  EXPECT_NE(e.find(a.string()), std::string::npos) << e;
  EXPECT_NE(e.find(again.string()), std::string::npos) << e;
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM runs"), 0);
  // Against the output too: it names the output, which holds the other run.
  pj::store::merge(out, {a});
  const std::string e2 = input_error([&] { pj::store::merge(out, {again}); });
  EXPECT_NE(e2.find("duplicate shard 0/2: " + out.string()), std::string::npos) << e2;
}

TEST(Merge, NamesTheMissingShards) {
  pj::TempDir dir;
  const fs::path a = dir.path() / "s0.sqlite", c = dir.path() / "s2.sqlite";
  write_shard(a, pj::test::shard(0, 4));
  write_shard(c, pj::test::shard(2, 4));
  const fs::path out = dir.path() / "all.sqlite";
  auto r = pj::store::merge(out, {a, c});
  EXPECT_EQ(r.missing, (std::vector<std::string>{"1/4", "3/4"}));
  EXPECT_EQ(r.shard_count, 4);
  // The merged shards are kept; merging the rest later completes the store.
  const fs::path b = dir.path() / "s1.sqlite", d = dir.path() / "s3.sqlite";
  write_shard(b, pj::test::shard(1, 4));
  write_shard(d, pj::test::shard(3, 4));
  r = pj::store::merge(out, {b, d});
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM runs"), 4);
}

TEST(Merge, RefusesAShardThatIsNotComplete) {
  pj::TempDir dir;
  const fs::path a = dir.path() / "s0.sqlite";
  ShardSpec spec = pj::test::shard(0, 2);
  spec.status = "interrupted";
  write_shard(a, spec);
  const std::string e = input_error([&] { pj::store::merge(dir.path() / "o.sqlite", {a}); });
  EXPECT_NE(e.find(a.string() + ": shard 0/2 (run 1) is interrupted, not complete"),
            std::string::npos)
      << e;
}

TEST(Merge, RefusesAStoreWithoutShardedRuns) {
  pj::TempDir dir;
  const fs::path plain = dir.path() / "plain.sqlite";
  {
    pj::store::Store s(plain);
    pj::store::RunRow r;
    r.run_key = "k";
    r.command_line = "[]";
    r.settings_json = "{}";
    r.host_json = "{}";
    s.create_run(r);
  }
  const std::string e = input_error([&] { pj::store::merge(dir.path() / "o.sqlite", {plain}); });
  EXPECT_EQ(e, plain.string() + ": holds no run made with --shard I/N");
  EXPECT_EQ(
      input_error([&] { pj::store::merge(dir.path() / "o.sqlite", {dir.path() / "none.sqlite"}); }),
      (dir.path() / "none.sqlite").string() + ": no such file");
}

TEST(Merge, IsIdempotent) {
  TwoShards s;
  const fs::path out = s.dir.path() / "all.sqlite";
  pj::store::merge(out, {s.a, s.b});
  const std::string once = dump_store(out);
  auto r = pj::store::merge(out, {s.a});
  EXPECT_TRUE(r.merged.empty());
  EXPECT_EQ(r.skipped.size(), 1u);
  r = pj::store::merge(out, {s.b, s.a, s.b});
  EXPECT_TRUE(r.merged.empty());
  EXPECT_EQ(dump_store(out), once);
  // The same shard twice in one merge is copied once.
  const fs::path out2 = s.dir.path() / "all2.sqlite";
  r = pj::store::merge(out2, {s.a, s.a, s.b});
  EXPECT_EQ(r.merged.size(), 2u);
  EXPECT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(dump_store(out2), once);
}

TEST(Merge, AMergeFailingMidwayKeepsWholeShardsAndARerunGivesTheSameStore) {
  TwoShards s;
  const fs::path whole = s.dir.path() / "whole.sqlite";
  pj::store::merge(whole, {s.a, s.b});

  const fs::path out = s.dir.path() / "all.sqlite";
  int runs_copied = 0;
  pj::store::MergeOptions crash;
  crash.after_table = [&](std::string_view table) {
    if (table == "runs") ++runs_copied;
    if (runs_copied == 2 && table == "executions") throw std::runtime_error("killed");
  };
  EXPECT_THROW(pj::store::merge(out, {s.a, s.b}, crash), std::runtime_error);
  // The first shard is in whole, the second not at all.
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM runs"), 1);
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM programs WHERE role = 'sample'"), 3);
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM executions"), 3);

  const auto r = pj::store::merge(out, {s.a, s.b});
  EXPECT_EQ(r.merged.size(), 1u);
  EXPECT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(dump_store(out), dump_store(whole));
}

TEST(Merge, ComparableSettingsLeaveOutPerMachineSettingsAndPaths) {
  const std::string a = R"({"cost":"cpu_time","jobs":2,"samples":"/a/s.jsonl","tasks_dir":"/a"})";
  const std::string b = R"({"cost":"cpu_time","jobs":16,"samples":"/b/s.jsonl","tasks_dir":"/b"})";
  EXPECT_EQ(pj::store::comparable_settings(a), R"({"cost":"cpu_time"})");
  EXPECT_EQ(pj::store::shard_group_of(a), pj::store::shard_group_of(b));
  EXPECT_NE(pj::store::shard_group_of(a), pj::store::shard_group_of(R"({"cost":"wall_time"})"));
}

}  // namespace
