// `slurm status` and `slurm resubmit`: a shard's progress comes from its database (checks plus
// stress units), the scheduler's word decides whether a database that says "running" was
// killed, the merge job's state comes from squeue, then sacct, else "unknown" with both
// reasons; resubmitting sends exactly the shards neither complete nor queued, replaces a merge
// stuck behind the failed array and waits for the elements still queued. squeue, sacct, sbatch
// and scancel are stand-ins answering from a table: no Slurm is needed.
#include "harness/run/slurm_status.hpp"

#include <gtest/gtest.h>

#include <map>

#include "common/shard_stores.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/temp_dir.hpp"

namespace pj::harness {
namespace {

namespace fs = std::filesystem;

// Answers each command line by its words joined with spaces; records every call.
struct FakeSlurm {
  std::map<std::string, ToolResult> answers;
  std::vector<std::string> calls;
  bool installed = true;

  ToolRunner runner() {
    return [this](const std::vector<std::string>& argv) {
      std::string line;
      for (const std::string& a : argv) line += (line.empty() ? "" : " ") + a;
      calls.push_back(line);
      ToolResult r;
      if (!installed) {
        r.err = "cannot run " + argv[0] + ": No such file or directory";
        return r;
      }
      r.started = true;
      if (auto it = answers.find(line); it != answers.end()) return it->second;
      r.status = 1;
      r.err = "slurm_load_jobs error: Invalid job id specified\n";
      return r;
    };
  }
  void squeue(const std::string& job, const std::string& rows) {
    answers["squeue --noheader --array --states=all --jobs=" + job + " --format=%i|%T|%r"] =
        ToolResult{true, 0, rows, ""};
  }
  void sbatch(const std::string& args, const std::string& id) {
    answers["sbatch --parsable " + args] = ToolResult{true, 0, id + "\n", ""};
  }
};

ToolResult ok(const std::string& out) {
  return ToolResult{true, 0, out, ""};
}

// DIR as `slurm submit` leaves it after submitting array 4711 and merge 4712, with `shards`
// shards.
fs::path job_dir(const TempDir& tmp, int shards) {
  const fs::path dir = tmp.path() / "job";
  fs::create_directories(dir / "shards");
  write_jobs_file(dir, SlurmJobsFile{shards, {"4711"}, "4712"});
  return dir;
}

fs::path shard_db(const fs::path& dir, int i) {
  return dir / "shards" / ("shard-" + std::to_string(i) + ".sqlite");
}

void put_shard(const fs::path& dir, int i, int n, const std::string& status) {
  test::ShardSpec spec = test::shard(i, n);
  spec.status = status;
  test::write_shard(shard_db(dir, i), spec);
  // The shared fixture stores no correctness result for its reference; a real run does, and
  // the progress counts it.
  store::Store s(shard_db(dir, i));
  auto ref = s.db().prepare("SELECT id FROM programs WHERE role = 'reference'");
  ASSERT_TRUE(ref.step());
  store::ProgramResultRow r;
  r.program_id = ref.int64(0);
  r.passed = true;
  r.verdict = "OK";
  s.insert_result(r);
}

void mark_stress_done(const fs::path& db, const std::string& unit) {
  store::Store s(db);
  s.mark_done(1, unit);
}

TEST(SlurmShardProgress, UnitsAreChecksPlusStressSeedsOfTheTasksWithSamples) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 2);
  put_shard(dir, 0, 2, "complete");
  ShardStatus s = shard_progress(shard_db(dir, 0), 0, 2);
  EXPECT_EQ(s.state, "complete");
  EXPECT_EQ(s.host, "node0");
  // 3 samples and 1 reference checked; the one stress seed of level 0 not yet.
  ASSERT_TRUE(s.total.has_value());
  EXPECT_EQ(*s.total, 5);
  EXPECT_EQ(s.done, 4);
  mark_stress_done(shard_db(dir, 0), "stress:t:0:1");
  s = shard_progress(shard_db(dir, 0), 0, 2);
  EXPECT_EQ(s.done, 5);
}

TEST(SlurmShardProgress, AWholeLevelKeyCountsEverySeedOfIt) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 1);
  put_shard(dir, 0, 1, "running");
  mark_stress_done(shard_db(dir, 0), "stress:t:0");  // a function task's level in sessions
  mark_stress_done(shard_db(dir, 0), "stress:t");    // the session unit beside it
  const ShardStatus s = shard_progress(shard_db(dir, 0), 0, 1);
  EXPECT_EQ(s.state, "running");
  EXPECT_EQ(s.done, 5);
  EXPECT_EQ(*s.total, 5);
}

TEST(SlurmShardProgress, MissingDatabaseOrShardAndUnreadSamples) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 2);
  ShardStatus s = shard_progress(shard_db(dir, 0), 0, 2);
  EXPECT_EQ(s.state, "missing");
  EXPECT_FALSE(s.total.has_value());

  put_shard(dir, 1, 2, "complete");  // shard 1's database, asked for shard 0
  s = shard_progress(shard_db(dir, 1), 0, 2);
  EXPECT_EQ(s.state, "missing");
  EXPECT_EQ(s.note, "no run of shard 0/2 in it");

  {  // a shard still reading its samples: no ingest unit yet
    store::Store st(shard_db(dir, 0));
    store::RunRow run;
    run.run_key = "k";
    run.command_line = "[]";
    run.perfjudge_version = run.git_hash = "t";
    run.host_json = run.settings_json = "{}";
    run.shard_index = 0;
    run.shard_count = 2;
    st.create_run(run);
  }
  s = shard_progress(shard_db(dir, 0), 0, 2);
  EXPECT_EQ(s.state, "running");
  EXPECT_FALSE(s.total.has_value());
}

TEST(SlurmStatusTest, TheQueueTellsRunningFromKilled) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 4);
  put_shard(dir, 0, 4, "complete");
  put_shard(dir, 1, 4, "running");
  put_shard(dir, 2, 4, "running");
  FakeSlurm slurm;
  slurm.squeue("4711", "4711_0|COMPLETED|None\n4711_1|RUNNING|None\n4711_3|PENDING|Resources\n");
  slurm.squeue("4712", "4712|PENDING|Dependency\n");
  const SlurmStatus st = slurm_status(dir, slurm.runner());
  ASSERT_EQ(st.shard.size(), 4u);
  EXPECT_TRUE(st.queue_known);
  EXPECT_EQ(st.shard[0].state, "complete");
  EXPECT_EQ(st.shard[1].state, "running");
  EXPECT_EQ(st.shard[1].job, "4711_1");
  EXPECT_EQ(st.shard[2].state, "failed");
  EXPECT_EQ(st.shard[2].note, "its database says running but Slurm no longer lists it");
  EXPECT_EQ(st.shard[3].state, "missing");
  EXPECT_EQ(st.shard[3].job_state, "PENDING");
  EXPECT_EQ(st.merge.state, "PENDING");
  EXPECT_EQ(st.merge.note, "Dependency");
  EXPECT_FALSE(st.all_complete());
  const std::string text = render_status(st);
  EXPECT_NE(text.find("shard 1/4  running     4/5 units         on node1  job 4711_1 RUNNING\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("shard 3/4  missing     -                 job 4711_3 PENDING\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("merge  job 4712 PENDING (Dependency)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("merged " + (dir / "merged.sqlite").string() + ": not written yet\n"),
            std::string::npos)
      << text;
}

TEST(SlurmStatusTest, AnElementThatEndedWhileItsDatabaseSaysRunningFailed) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 1);
  put_shard(dir, 0, 1, "running");
  FakeSlurm slurm;
  slurm.squeue("4711", "4711_0|TIMEOUT|None\n");
  const SlurmStatus st = slurm_status(dir, slurm.runner());
  EXPECT_EQ(st.shard[0].state, "failed");
  EXPECT_EQ(st.shard[0].note, "its database says running but its job ended TIMEOUT");
}

TEST(SlurmStatusTest, MergeStateFromSacctOnceSqueueForgotIt) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 1);
  put_shard(dir, 0, 1, "complete");
  FakeSlurm slurm;
  slurm.squeue("4711", "");
  slurm.answers["sacct --noheader --parsable2 --allocations --jobs=4712 --format=State"] =
      ok("CANCELLED by 0\n");
  SlurmStatus st = slurm_status(dir, slurm.runner());
  EXPECT_EQ(st.merge.state, "CANCELLED");
  EXPECT_TRUE(st.all_complete());

  slurm.answers["sacct --noheader --parsable2 --allocations --jobs=4712 --format=State"] =
      ToolResult{true, 1, "", "sacct: error: Slurm accounting storage is disabled\n"};
  st = slurm_status(dir, slurm.runner());
  EXPECT_EQ(st.merge.state, "unknown");
  EXPECT_EQ(st.merge.note,
            "squeue no longer lists job 4712; sacct: sacct: error: Slurm accounting storage is "
            "disabled");
}

TEST(SlurmStatusTest, WithoutSlurmTheDatabasesStillAnswer) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 2);
  put_shard(dir, 0, 2, "running");
  FakeSlurm slurm;
  slurm.installed = false;
  const SlurmStatus st = slurm_status(dir, slurm.runner());
  EXPECT_FALSE(st.queue_known);
  EXPECT_EQ(st.shard[0].state, "running");
  EXPECT_EQ(st.shard[0].note, "per its database; squeue cannot say whether it still runs");
  EXPECT_EQ(st.merge.state, "unknown");
  EXPECT_EQ(st.merge.note,
            "cannot run squeue: No such file or directory; cannot run sacct: No such file or "
            "directory");
  const std::string text = render_status(st);
  EXPECT_NE(text.find("array jobs: unknown (cannot run squeue: No such file or directory)\n"),
            std::string::npos)
      << text;
}

TEST(SlurmStatusTest, ADirectoryWithoutJobsFileIsNamed) {
  TempDir tmp;
  FakeSlurm slurm;
  try {
    slurm_status(tmp.path(), slurm.runner());
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(e.what()).find((tmp.path() / "jobs.json").string() + ": missing"),
              std::string::npos)
        << e.what();
  }
}

TEST(SlurmResubmit, SendsTheShardsNeitherCompleteNorQueuedAndAMergeWaitingForAll) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 4);
  put_shard(dir, 0, 4, "complete");
  put_shard(dir, 1, 4, "running");      // killed: no longer listed; shard 2 never started
  put_shard(dir, 3, 4, "interrupted");  // and running again (sbatch --array=3 by hand)
  FakeSlurm slurm;
  slurm.squeue("4711", "4711_0|COMPLETED|None\n4711_3|RUNNING|None\n");
  slurm.squeue("4712", "4712|PENDING|DependencyNeverSatisfied\n");
  slurm.sbatch("--array=1,2 " + (dir / "run.sbatch").string(), "4720");
  slurm.sbatch("--dependency=afterok:4720:4711_3 " + (dir / "merge.sbatch").string(), "4721");
  slurm.answers["scancel 4712"] = ok("");
  const ResubmitResult r = resubmit_slurm(dir, slurm.runner());
  EXPECT_EQ(r.shards, (std::vector<int>{1, 2}));
  EXPECT_EQ(r.array_job, "4720");
  EXPECT_EQ(r.cancelled_merge, "4712");
  EXPECT_EQ(r.merge_job, "4721");
  EXPECT_EQ(r.waits_for, (std::vector<std::string>{"4720", "4711_3"}));
  EXPECT_NE(std::find(slurm.calls.begin(), slurm.calls.end(), "scancel 4712"), slurm.calls.end());
  const SlurmJobsFile jobs = read_jobs_file(dir);
  EXPECT_EQ(jobs.array_jobs, (std::vector<std::string>{"4711", "4720"}));
  EXPECT_EQ(jobs.merge_job, "4721");
}

TEST(SlurmResubmit, CompleteShardsGetAMergeAloneOrNothing) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 2);
  put_shard(dir, 0, 2, "complete");
  put_shard(dir, 1, 2, "complete");
  FakeSlurm slurm;
  slurm.squeue("4711", "");
  slurm.squeue("4712", "4712|FAILED|None\n");
  slurm.sbatch((dir / "merge.sbatch").string(), "4730");
  ResubmitResult r = resubmit_slurm(dir, slurm.runner());
  EXPECT_TRUE(r.shards.empty());
  EXPECT_EQ(r.array_job, "");
  EXPECT_EQ(r.merge_job, "4730");
  EXPECT_TRUE(r.waits_for.empty());

  store::merge(dir / "merged.sqlite", {shard_db(dir, 0), shard_db(dir, 1)});
  slurm.squeue("4730", "4730|COMPLETED|None\n");
  const std::size_t before = slurm.calls.size();
  r = resubmit_slurm(dir, slurm.runner());
  EXPECT_TRUE(r.shards.empty());
  EXPECT_EQ(r.merge_job, "");
  for (std::size_t i = before; i < slurm.calls.size(); ++i) {
    EXPECT_EQ(slurm.calls[i].rfind("sbatch", 0), std::string::npos) << slurm.calls[i];
  }
}

TEST(SlurmResubmit, RefusesWhenSqueueCannotSayWhatIsQueued) {
  TempDir tmp;
  const fs::path dir = job_dir(tmp, 2);
  FakeSlurm slurm;
  slurm.installed = false;
  try {
    resubmit_slurm(dir, slurm.runner());
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(e.what()).find("cannot tell which shards are still queued (cannot run "
                                         "squeue: No such file or directory)"),
              std::string::npos)
        << e.what();
  }
  for (const std::string& call : slurm.calls) {
    EXPECT_EQ(call.rfind("sbatch", 0), std::string::npos) << call;
  }
}

}  // namespace
}  // namespace pj::harness
