// Against a real one-node Slurm (scripts/slurm-local, started and stopped by the ctest fixture
// slurm_local, see CMakeLists.txt): `perfjudge slurm submit` of a 4-shard array over two
// bundled tasks (level 0, one repeat), the merge job it chains, `slurm status` while and after
// they run, and the merged store's pass@k and verdicts against one machine's run of the same
// work.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>
#include <tuple>

#include "common/launch.hpp"
#include "core/file.hpp"
#include "core/temp_dir.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;
using Key = std::tuple<std::string, std::string, std::string>;  // model, task, sample id

const fs::path kSource = PJ_SOURCE_DIR;

// The run options both the single run and every shard use.
std::vector<std::string> work_options(const fs::path& cache) {
  return {
      "--only", "distinct-count", "--only", "two-sum-count", "--cost", "cpu_time", "--repeats",
      "1",      "--warmup",       "0",      "--levels",      "0",      "--cache",  cache.string()};
}

std::map<Key, std::string> verdicts(const fs::path& db) {
  pj::store::Store s = pj::store::Store::open_read_only(db);
  auto st = s.db().prepare(
      "SELECT p.model, p.task_id, p.sample_id, coalesce(r.verdict, '-') FROM programs p "
      "LEFT JOIN program_results r ON r.program_id = p.id WHERE p.role = 'sample'");
  std::map<Key, std::string> out;
  while (st.step()) out[{st.text(0), st.text(1), st.text(2)}] = st.text(3);
  return out;
}

// model -> its pass@1 and sample counts in `perfjudge report --format json`.
std::map<std::string, nlohmann::json> pass_at_k(const fs::path& db) {
  const auto r = pj::test::perfjudge(
      {"report", "--db", db.string(), "--format", "json", "--k", "1", "--cost", "cpu_time"});
  EXPECT_EQ(r.status, 0) << r.err;
  std::map<std::string, nlohmann::json> out;
  const nlohmann::json report = nlohmann::json::parse(r.out);  // outlives the loop below
  for (const auto& m : report.at("models")) {
    out[m.at("model")] = {{"n_tasks", m.at("n_tasks")},
                          {"n_samples", m.at("n_samples")},
                          {"pass@1", m.at("metrics").at("pass@1").at("value")}};
  }
  return out;
}

bool slurm_is_up() {
  const char* conf = std::getenv("SLURM_CONF");
  return conf && fs::exists(conf);
}

TEST(SlurmLocal, AShardedArrayMergedBySlurmReportsAsOneMachine) {
  if (!slurm_is_up()) {
    GTEST_SKIP() << "no local Slurm (scripts/slurm-local start skipped: see its output)";
  }
  pj::TempDir tmp;
  const fs::path cache = tmp.path() / "cache";
  const fs::path samples = kSource / "samples" / "demo";
  const fs::path tasks = kSource / "tasks";

  // One machine first; it also fills the build cache the shards share.
  const fs::path single = tmp.path() / "single.sqlite";
  std::vector<std::string> run = {"run",           "--tasks",        tasks.string(),
                                  "--samples",     samples.string(), "--db",
                                  single.string(), "--quiet"};
  for (const std::string& o : work_options(cache)) run.push_back(o);
  const auto one = pj::test::perfjudge(run, pj::test::merged_output());
  ASSERT_EQ(one.status, 0) << one.out;

  const fs::path dir = tmp.path() / "job";
  std::vector<std::string> submit = {
      "slurm",          "submit",   "--tasks", tasks.string(),    "--samples",
      samples.string(), "--shards", "4",       "--cpus-per-task", "1",
      "--time",         "00:05:00", "--out",   dir.string(),      "--"};
  for (const std::string& o : work_options(cache)) submit.push_back(o);
  const auto sub = pj::test::perfjudge(submit, pj::test::merged_output());
  ASSERT_EQ(sub.status, 0) << sub.out;
  const nlohmann::json jobs = nlohmann::json::parse(pj::read_file(dir / "jobs.json"));
  const std::string merge_job = jobs.at("merge_job");
  ASSERT_FALSE(merge_job.empty()) << sub.out;

  // `slurm status` until the merge job is done (squeue keeps finished jobs for MinJobAge).
  const std::string merge_done = "merge  job " + merge_job + " COMPLETED";
  pj::test::Finished st;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(100);
  while (std::chrono::steady_clock::now() < deadline) {
    st = pj::test::perfjudge({"slurm", "status", dir.string()}, pj::test::merged_output());
    if (st.out.find("merge  job " + merge_job + " ") != std::string::npos &&
        st.out.find("merge  job " + merge_job + " PENDING") == std::string::npos &&
        st.out.find("merge  job " + merge_job + " RUNNING") == std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  ASSERT_NE(st.out.find(merge_done), std::string::npos)
      << st.out << "\nshard 0's log:\n"
      << pj::read_file(dir / "logs" / "shard-0.log") << "\nmerge log:\n"
      << pj::read_file(dir / "logs" / "merge.log");
  EXPECT_EQ(st.status, 0) << st.out;
  for (int i = 0; i < 4; ++i) {
    EXPECT_NE(st.out.find("shard " + std::to_string(i) + "/4  complete"), std::string::npos)
        << st.out;
  }
  EXPECT_NE(st.out.find(": 4 of 4 shards"), std::string::npos) << st.out;

  const fs::path merged = dir / "merged.sqlite";
  EXPECT_EQ(verdicts(merged), verdicts(single));
  const auto expected = pass_at_k(single);
  EXPECT_EQ(expected.size(), 3u);
  EXPECT_EQ(pass_at_k(merged), expected);
  {  // every shard recorded the scheduler's job id of its array element
    pj::store::Store s = pj::store::Store::open_read_only(merged);
    auto q = s.db().prepare("SELECT count(*) FROM runs WHERE shard_job_id LIKE ?");
    q.bind(1, std::string(jobs.at("array_jobs").at(0)) + "_%");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.int64(0), 4);
  }
}

}  // namespace
