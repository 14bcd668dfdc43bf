// Against a real one-node Slurm (scripts/slurm-local, started and stopped by the ctest fixture
// slurm_local, see CMakeLists.txt): `perfjudge slurm submit` of a 4-shard array over two
// bundled tasks (level 0, one repeat), the merge job it chains, `slurm status` while and after
// they run, and the merged store's pass@k and verdicts against one machine's run of the same
// work.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <tuple>

#include "common/files.hpp"
#include "common/launch.hpp"
#include "core/error.hpp"
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

// One machine's run of the demo samples over the bundled tasks, into `db`.
pj::test::Finished run_single(const fs::path& db, const std::vector<std::string>& options) {
  std::vector<std::string> run = {"run",
                                  "--tasks",
                                  (kSource / "tasks").string(),
                                  "--samples",
                                  (kSource / "samples" / "demo").string(),
                                  "--db",
                                  db.string(),
                                  "--quiet"};
  run.insert(run.end(), options.begin(), options.end());
  return pj::test::perfjudge(run, pj::test::merged_output());
}

bool slurm_is_up() {
  const char* conf = std::getenv("SLURM_CONF");
  return conf && fs::exists(conf);
}

// Each test needs the local Slurm (it skips without one: scripts/slurm-local start, the
// fixture, says why) and a temporary directory; most run the demo samples on the bundled tasks.
class SlurmLocal : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!slurm_is_up()) {
      GTEST_SKIP() << "no local Slurm (scripts/slurm-local start skipped: see its output)";
    }
  }
  pj::TempDir tmp;
  const fs::path cache = tmp.path() / "cache";
  const fs::path samples = kSource / "samples" / "demo";
  const fs::path tasks = kSource / "tasks";
};

TEST_F(SlurmLocal, AShardedArrayMergedBySlurmReportsAsOneMachine) {
  // One machine first; it also fills the build cache the shards share.
  const fs::path single = tmp.path() / "single.sqlite";
  const auto one = run_single(single, work_options(cache));
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

// The shard's database once it holds at least `n` correctness units (read live), or false
// after two minutes.
bool wait_for_checks(const fs::path& db, int n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::error_code ec;
    if (!fs::exists(db, ec)) continue;
    try {
      pj::store::Store s = pj::store::Store::open_read_only(db);
      auto q = s.db().prepare("SELECT count(*) FROM units_done WHERE unit LIKE 'check:%'");
      if (q.step() && q.int64(0) >= n) return true;
    } catch (const pj::Error&) {  // created but not migrated yet
    }
  }
  return false;
}

// `slurm status DIR` until the merge job `job` has left PENDING and RUNNING.
pj::test::Finished wait_for_merge(const fs::path& dir, const std::string& job) {
  pj::test::Finished st;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(150);
  while (std::chrono::steady_clock::now() < deadline) {
    st = pj::test::perfjudge({"slurm", "status", dir.string()}, pj::test::merged_output());
    const std::string line = "merge  job " + job + " ";
    if (st.out.find(line) != std::string::npos &&
        st.out.find(line + "PENDING") == std::string::npos &&
        st.out.find(line + "RUNNING") == std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  return st;
}

// A shard cancelled in the middle of its run (scancel of its array element) is resubmitted by
// `slurm resubmit`, resumes from its database and completes; the merge job that waited on the
// failed array is replaced and merges everything, nothing measured twice.
TEST_F(SlurmLocal, AShardKilledMidwayIsResubmittedAndResumes) {
  const fs::path fixture = pj::test::fixture_path("run");
  const fs::path dir = tmp.path() / "job";
  // 16 samples that each spin 0.15 s per execution, one worker: each shard runs for seconds,
  // so the cancel lands in the middle.
  const auto sub = pj::test::perfjudge({"slurm",
                                        "submit",
                                        "--tasks",
                                        (fixture / "tasks").string(),
                                        "--samples",
                                        (fixture / "many.jsonl").string(),
                                        "--shards",
                                        "2",
                                        "--cpus-per-task",
                                        "1",
                                        "--time",
                                        "00:05:00",
                                        "--out",
                                        dir.string(),
                                        "--",
                                        "--cost",
                                        "cpu_time",
                                        "--repeats",
                                        "1",
                                        "--warmup",
                                        "0",
                                        "--levels",
                                        "0",
                                        "--jobs",
                                        "1",
                                        "--cache",
                                        (tmp.path() / "cache").string()},
                                       pj::test::merged_output());
  ASSERT_EQ(sub.status, 0) << sub.out;
  const nlohmann::json jobs = nlohmann::json::parse(pj::read_file(dir / "jobs.json"));
  const std::string array = jobs.at("array_jobs").at(0), first_merge = jobs.at("merge_job");

  const fs::path shard0 = dir / "shards" / "shard-0.sqlite";
  ASSERT_TRUE(wait_for_checks(shard0, 2)) << pj::read_file(dir / "logs" / "shard-0.log");
  const auto cancel =
      pj::test::run_process({"/usr/bin/scancel", array + "_0"}, pj::test::merged_output());
  ASSERT_EQ(cancel.status, 0) << cancel.out;
  {  // cut off in the middle: scancel's SIGTERM makes the run store itself as interrupted
    const std::string cut = "shard 0/2  interrupted ";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::string status;
    while (std::chrono::steady_clock::now() < deadline) {
      status =
          pj::test::perfjudge({"slurm", "status", dir.string()}, pj::test::merged_output()).out;
      if (status.find(cut) != std::string::npos &&
          status.find("job " + array + "_0 CANCELLED") != std::string::npos)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    ASSERT_NE(status.find(cut), std::string::npos) << status;
    EXPECT_NE(status.find("job " + array + "_0 CANCELLED"), std::string::npos) << status;
  }

  const auto re =
      pj::test::perfjudge({"slurm", "resubmit", dir.string()}, pj::test::merged_output());
  ASSERT_EQ(re.status, 0) << re.out;
  EXPECT_NE(re.out.find("(shards 0)\n"), std::string::npos) << re.out;
  const nlohmann::json after = nlohmann::json::parse(pj::read_file(dir / "jobs.json"));
  const std::string merge_job = after.at("merge_job");
  EXPECT_NE(merge_job, first_merge);

  const auto st = wait_for_merge(dir, merge_job);
  ASSERT_NE(st.out.find("merge  job " + merge_job + " COMPLETED"), std::string::npos)
      << st.out << "\nshard 0's log:\n"
      << pj::read_file(dir / "logs" / "shard-0.log");
  EXPECT_NE(st.out.find(": 2 of 2 shards"), std::string::npos) << st.out;

  // Every sample judged once, the resumed shard's run kept (one run per shard), and no
  // correctness execution stored twice.
  pj::store::Store s = pj::store::Store::open_read_only(dir / "merged.sqlite");
  auto q = [&](const std::string& sql) {
    auto x = s.db().prepare(sql);
    EXPECT_TRUE(x.step()) << sql;
    return x.int64(0);
  };
  EXPECT_EQ(q("SELECT count(*) FROM runs"), 2);
  EXPECT_EQ(q("SELECT count(*) FROM runs WHERE status = 'complete'"), 2);
  EXPECT_EQ(q("SELECT count(*) FROM programs p JOIN program_results r ON r.program_id = p.id "
              "WHERE p.role = 'sample'"),
            16);
  EXPECT_EQ(q("SELECT count(*) FROM (SELECT program_id, test_name, repeat FROM executions WHERE "
              "phase = 'test' GROUP BY program_id, test_name, repeat HAVING count(*) > 1)"),
            0);
}

// Every stored instruction count of a sample, keyed by (model, task, sample, level, seed);
// nullopt where it is missing.
using CountKey = std::tuple<std::string, std::string, std::string, std::int64_t, std::int64_t>;
std::map<CountKey, std::optional<double>> instruction_counts(const fs::path& db) {
  pj::store::Store s = pj::store::Store::open_read_only(db);
  auto st = s.db().prepare(
      "SELECT p.model, p.task_id, p.sample_id, r.level, r.seed, r.instructions FROM "
      "stress_results r JOIN programs p ON p.id = r.program_id WHERE p.role = 'sample'");
  std::map<CountKey, std::optional<double>> out;
  while (st.step()) {
    out[{st.text(0), st.text(1), st.text(2), st.int64(3), st.int64(4)}] =
        st.is_null(5) ? std::nullopt : std::optional<double>(st.real(5));
  }
  return out;
}

// The models' scores in `perfjudge report --format json --cost instructions`, without the
// memory scores (EffiBench's NMU and NTMU: peak memory is not a count, and varies by run).
nlohmann::json instruction_scores(const fs::path& db) {
  const auto r = pj::test::perfjudge(
      {"report", "--db", db.string(), "--format", "json", "--k", "1", "--cost", "instructions"});
  EXPECT_EQ(r.status, 0) << r.err;
  nlohmann::json out = nlohmann::json::object();
  const nlohmann::json report = nlohmann::json::parse(r.out);  // outlives the loop below
  for (const auto& m : report.at("models")) {
    nlohmann::json& mine = out[m.at("model")] = m;
    for (const char* memory : {"nmu", "nmu_ratio_of_sums", "ntmu", "ntmu_ratio_of_sums"})
      mine.at("metrics").erase(memory);
  }
  return out;
}

// Instruction counts are exact (valgrind here): a sharded array merged by Slurm stores the same
// count for every (sample, level, seed) as one machine's run, and reports the same
// instruction-count scores, to the last digit.
TEST_F(SlurmLocal, InstructionCountsOfAShardedArrayEqualOneMachinesExactly) {
  const std::vector<std::string> options = {
      "--only", "distinct-count", "--cost", "instructions", "--repeats",   "1", "--warmup",
      "0",      "--levels",       "0",      "--cache",      cache.string()};
  const fs::path single = tmp.path() / "single.sqlite";
  const auto one = run_single(single, options);
  ASSERT_EQ(one.status, 0) << one.out;

  const fs::path dir = tmp.path() / "job";
  std::vector<std::string> submit = {
      "slurm",          "submit",   "--tasks", tasks.string(),    "--samples",
      samples.string(), "--shards", "2",       "--cpus-per-task", "1",
      "--time",         "00:05:00", "--out",   dir.string(),      "--"};
  submit.insert(submit.end(), options.begin(), options.end());
  const auto sub = pj::test::perfjudge(submit, pj::test::merged_output());
  ASSERT_EQ(sub.status, 0) << sub.out;
  const std::string merge_job =
      nlohmann::json::parse(pj::read_file(dir / "jobs.json")).at("merge_job");
  const auto st = wait_for_merge(dir, merge_job);
  ASSERT_NE(st.out.find("merge  job " + merge_job + " COMPLETED"), std::string::npos)
      << st.out << "\nshard 0's log:\n"
      << pj::read_file(dir / "logs" / "shard-0.log");

  const auto counts = instruction_counts(single);
  ASSERT_FALSE(counts.empty());
  for (const auto& [key, n] : counts)
    EXPECT_TRUE(n) << std::get<2>(key) << " seed " << std::get<4>(key) << ": no count";
  EXPECT_EQ(instruction_counts(dir / "merged.sqlite"), counts);
  const nlohmann::json scores = instruction_scores(single);
  EXPECT_EQ(scores.size(), 3u);
  EXPECT_EQ(instruction_scores(dir / "merged.sqlite"), scores);
}

}  // namespace
