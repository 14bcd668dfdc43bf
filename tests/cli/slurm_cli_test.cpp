// `perfjudge slurm submit | status | resubmit` end to end against stand-in sbatch, squeue,
// sacct and scancel scripts first on PATH (they log their arguments; squeue answers from
// files the test writes): submit records its job ids, status exits 1 until every shard is
// complete, resubmit sends the failed shard again with a merge after it.
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/launch.hpp"
#include "common/shard_stores.hpp"
#include "core/file.hpp"
#include "core/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

struct FakeSlurmBin {
  pj::TempDir tmp;
  fs::path bin = tmp.path() / "bin";
  fs::path log = tmp.path() / "calls.log";

  FakeSlurmBin() {
    fs::create_directories(bin);
    const std::string head =
        "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> '" + log.string() + "'\n";
    // Job ids 100, 101, ... in the order of submission.
    write(bin / "sbatch", head + "n=$(cat '" + (tmp.path() / "next").string() +
                              "' 2>/dev/null || echo 100)\necho $((n + 1)) > '" +
                              (tmp.path() / "next").string() + "'\necho \"$n\"\n");
    // --jobs=ID: the contents of squeue-ID, else the error of a job slurmctld forgot.
    write(bin / "squeue", head +
                              "for a; do case $a in --jobs=*) id=${a#--jobs=};; esac; done\n"
                              "f='" +
                              tmp.path().string() +
                              "'/squeue-$id\n"
                              "[ -f \"$f\" ] && exec cat \"$f\"\n"
                              "echo 'slurm_load_jobs error: Invalid job id specified' >&2\n"
                              "exit 1\n");
    write(bin / "sacct",
          head + "echo 'sacct: error: Slurm accounting storage is disabled' >&2\nexit 1\n");
    write(bin / "scancel", head);
  }
  void write(const fs::path& file, const std::string& text) {
    pj::write_file(file, text);
    fs::permissions(file, fs::perms::owner_all);
  }
  void squeue(const std::string& job, const std::string& rows) {
    pj::write_file(tmp.path() / ("squeue-" + job), rows);
  }
  pj::test::Launch launch() const {
    pj::test::Launch how = pj::test::merged_output();
    how.env = {{"PATH", bin.string() + ":" + std::getenv("PATH")}};
    return how;
  }
};

TEST(SlurmCli, SubmitStatusResubmitWithStandInsForSlurm) {
  FakeSlurmBin slurm;
  const fs::path dir = slurm.tmp.path() / "job";
  auto r = pj::test::perfjudge({"slurm", "submit", "--tasks", "/data/tasks", "--samples",
                                "/data/s.jsonl", "--shards", "2", "--out", dir.string()},
                               slurm.launch());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("array job 100 (2 shards), merge job 101 into " +
                       (dir / "merged.sqlite").string() + "\n"),
            std::string::npos)
      << r.out;

  // Shard 0 finished; shard 1 was killed before it wrote anything.
  pj::test::write_shard(dir / "shards" / "shard-0.sqlite", pj::test::shard(0, 2));
  slurm.squeue("100", "100_0|COMPLETED|None\n100_1|FAILED|NonZeroExitCode\n");
  slurm.squeue("101", "101|PENDING|DependencyNeverSatisfied\n");
  r = pj::test::perfjudge({"slurm", "status", dir.string()}, slurm.launch());
  EXPECT_EQ(r.status, 1) << r.out;
  // 3/5: its three samples have results (the fixture stores none for the reference), and
  // the one stress unit is not done.
  EXPECT_NE(r.out.find("shard 0/2  complete    3/5 units         on node0  job 100_0 COMPLETED\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("shard 1/2  missing     -                 job 100_1 FAILED\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("merge  job 101 PENDING (DependencyNeverSatisfied)\n"), std::string::npos)
      << r.out;

  r = pj::test::perfjudge({"slurm", "resubmit", dir.string()}, slurm.launch());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "array job 102 (shards 1)\ncancelled merge job 101\nmerge job 103 after 102\n");
  const std::string calls = pj::read_file(slurm.log);
  EXPECT_NE(calls.find("sbatch --parsable --array=1 " + (dir / "run.sbatch").string() + "\n"),
            std::string::npos)
      << calls;
  EXPECT_NE(calls.find("scancel 101\n"), std::string::npos) << calls;
  EXPECT_NE(calls.find("sbatch --parsable --dependency=afterok:102 " +
                       (dir / "merge.sbatch").string() + "\n"),
            std::string::npos)
      << calls;

  // The merge job's state once squeue forgot it and accounting is off: unknown, and why.
  pj::test::write_shard(dir / "shards" / "shard-1.sqlite", pj::test::shard(1, 2));
  r = pj::test::perfjudge({"slurm", "status", dir.string()}, slurm.launch());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("merge  job 103 unknown (squeue no longer lists job 103; sacct: sacct: "
                       "error: Slurm accounting storage is disabled)\n"),
            std::string::npos)
      << r.out;
}

TEST(SlurmCli, StatusOfADirectoryNotWrittenBySubmitIsOneError) {
  pj::TempDir tmp;
  const auto r =
      pj::test::perfjudge({"slurm", "status", tmp.path().string()}, pj::test::merged_output());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "perfjudge: error: " + (tmp.path() / "jobs.json").string() + ": missing; is " +
                       tmp.path().string() +
                       " a directory `perfjudge slurm submit --out` wrote?\n");
}

}  // namespace
