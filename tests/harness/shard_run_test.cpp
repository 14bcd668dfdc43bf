// `perfjudge run --shard I/N` end to end on the demo suite (copies of bundled tasks): the
// shards split the samples without overlap or loss, each keeps the references of its tasks
// and records its shard in `runs`, and their merge reports pass@k and every verdict exactly as
// the unsharded run of the same work.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "core/temp_dir.hpp"
#include "run_test_util.hpp"

namespace {

namespace fs = std::filesystem;
using Key = std::tuple<std::string, std::string, std::string>;  // model, task, sample id

const fs::path kSource = PJ_SOURCE_DIR;

// The demo's samples with a second copy of each (sample id 2): twelve samples, which the hash
// splits 9 / 3 over two shards, both shards holding both tasks.
fs::path demo_samples(const fs::path& dir) {
  const fs::path out = dir / "samples";
  fs::copy(kSource / "samples" / "demo", out, fs::copy_options::recursive);
  for (const auto& f : fs::recursive_directory_iterator(out)) {
    if (f.path().filename() == "1.py") fs::copy_file(f.path(), f.path().parent_path() / "2.py");
  }
  return out;
}

std::vector<std::string> run_args(const fs::path& samples, const fs::path& db,
                                  const fs::path& cache) {
  return pj::test::quick_run_args(samples, db, cache, kSource / "samples" / "demo-tasks");
}

// (model, task, sample id) -> verdict of every sample in the store.
std::map<Key, std::string> verdicts(const fs::path& db) {
  pj::store::Store s = pj::store::Store::open_read_only(db);
  auto st = s.db().prepare(
      "SELECT p.model, p.task_id, p.sample_id, coalesce(r.verdict, '-') FROM programs p "
      "LEFT JOIN program_results r ON r.program_id = p.id WHERE p.role = 'sample'");
  std::map<Key, std::string> out;
  while (st.step()) out[{st.text(0), st.text(1), st.text(2)}] = st.text(3);
  return out;
}

// model -> pass@1 and pass@2 of `perfjudge report --format json`, with its sample counts.
std::map<std::string, nlohmann::json> pass_at_k(const fs::path& db) {
  const auto r = pj::test::perfjudge(
      {"report", "--db", db.string(), "--format", "json", "--k", "1,2", "--cost", "cpu_time"});
  EXPECT_EQ(r.status, 0) << r.err;
  std::map<std::string, nlohmann::json> out;
  const auto doc = nlohmann::json::parse(r.out);
  for (const auto& m : doc.at("models")) {
    out[m.at("model")] = {{"n_tasks", m.at("n_tasks")},
                          {"n_samples", m.at("n_samples")},
                          {"pass@1", m.at("metrics").at("pass@1").at("value")},
                          {"pass@2", m.at("metrics").at("pass@2").at("value")}};
  }
  return out;
}

TEST(ShardRun, TwoShardsSplitTheWorkAndTheirMergeReportsAsTheUnshardedRun) {
  pj::TempDir dir;
  const fs::path samples = demo_samples(dir.path());
  const fs::path cache = dir.path() / "cache";
  const fs::path all = dir.path() / "all.sqlite";
  const fs::path s0 = dir.path() / "s0.sqlite", s1 = dir.path() / "s1.sqlite";
  ASSERT_EQ(pj::test::run_perfjudge(run_args(samples, all, cache), dir.path() / "all.log"), 0);

  auto a0 = run_args(samples, s0, cache);
  a0.insert(a0.end(), {"--shard", "0/2"});
  const auto r0 = pj::test::perfjudge(a0);
  EXPECT_EQ(r0.status, 0) << r0.err;
  EXPECT_NE(r0.err.find("perfjudge: shard 0/2 (index from --shard)"), std::string::npos) << r0.err;
  auto a1 = run_args(samples, s1, cache);
  a1.insert(a1.end(), {"--shard", "auto/2"});
  pj::test::Launch env;
  env.env = {{"PJ_SHARD_INDEX", "1"}};
  const auto r1 = pj::test::perfjudge(a1, env);
  EXPECT_EQ(r1.status, 0) << r1.err;
  EXPECT_NE(r1.err.find("perfjudge: shard 1/2 (index from PJ_SHARD_INDEX)"), std::string::npos)
      << r1.err;

  // Disjoint, and together everything.
  const auto v_all = verdicts(all), v0 = verdicts(s0), v1 = verdicts(s1);
  EXPECT_EQ(v_all.size(), 12u);
  EXPECT_EQ(v0.size(), 9u);
  EXPECT_EQ(v1.size(), 3u);
  std::map<Key, std::string> together = v0;
  for (const auto& [k, v] : v1) EXPECT_TRUE(together.emplace(k, v).second) << std::get<2>(k);
  EXPECT_EQ(together, v_all);

  for (const auto& [db, index] : {std::pair{s0, 0}, std::pair{s1, 1}}) {
    pj::store::Store s = pj::store::Store::open_read_only(db);
    auto st = s.db().prepare(
        "SELECT shard_index, shard_count, shard_host, shard_job_id, status FROM runs");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), index);
    EXPECT_EQ(st.int64(1), 2);
    EXPECT_FALSE(st.text(2).empty());
    EXPECT_TRUE(st.is_null(3));  // no scheduler
    EXPECT_EQ(st.text(4), "complete");
    // Both tasks have samples in both shards: each shard judged both tasks' references.
    EXPECT_EQ(pj::test::scalar(s,
                               "SELECT count(DISTINCT p.task_id) FROM programs p JOIN "
                               "program_results r ON r.program_id = p.id WHERE "
                               "p.role = 'reference' AND r.passed = 1"),
              2);
  }

  const fs::path merged = dir.path() / "merged.sqlite";
  const auto m = pj::test::perfjudge({"merge", "--out", merged.string(), s0.string(), s1.string()},
                                     pj::test::merged_output());
  ASSERT_EQ(m.status, 0) << m.out;
  EXPECT_NE(m.out.find("all 2 shards merged"), std::string::npos) << m.out;
  EXPECT_EQ(verdicts(merged), v_all);
  const auto expected = pass_at_k(all);
  EXPECT_EQ(expected.size(), 3u);
  EXPECT_EQ(pass_at_k(merged), expected);
}

}  // namespace
