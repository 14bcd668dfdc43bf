// `slurm submit`: the array script runs one shard per element into its own database, the merge
// script merges them all, both are valid bash; submitting chains the merge on the array with
// afterok. sbatch itself is replaced by a recording stand-in: no Slurm is needed.
#include "harness/run/slurm.hpp"

#include <gtest/gtest.h>

#include "common/launch.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/temp_dir.hpp"

namespace pj::harness {
namespace {

namespace fs = std::filesystem;

SlurmOptions options(const TempDir& dir) {
  SlurmOptions o;
  o.tasks_dir = "/data/tasks";
  o.samples = "/data/my samples.jsonl";
  o.shards = 4;
  o.partition = "cpu";
  o.time = "02:00:00";
  o.cpus_per_task = 2;
  o.mem = "4G";
  o.out = dir.path() / "job";
  o.run_extra = {"--cost", "instructions", "--only", "it's"};
  o.perfjudge = "/opt/pj/perfjudge";
  return o;
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text + "\n").find("\n" + line + "\n") != std::string::npos;
}

TEST(SlurmScripts, TheArrayRunsOneShardPerElementIntoItsOwnDatabase) {
  TempDir dir;
  const SlurmScripts s = write_slurm_scripts(options(dir));
  const fs::path job = dir.path() / "job";
  EXPECT_EQ(s.run_script, job / "run.sbatch");
  EXPECT_TRUE(fs::is_directory(job / "shards"));
  EXPECT_TRUE(fs::is_directory(job / "logs"));
  const std::string run = read_file(s.run_script);
  EXPECT_EQ(run.rfind("#!/bin/bash\n", 0), 0u);
  for (const std::string& line : std::vector<std::string>{
           "#SBATCH --array=0-3", "#SBATCH --output=" + job.string() + "/logs/shard-%a.log",
           std::string("#SBATCH --cpus-per-task=2"), std::string("#SBATCH --partition=cpu"),
           std::string("#SBATCH --time=02:00:00"), std::string("#SBATCH --mem=4G"),
           std::string("exec '/opt/pj/perfjudge' run --tasks '/data/tasks' --samples "
                       "'/data/my samples.jsonl' \\"),
           "  --db '" + job.string() +
               "'/shards/shard-\"$SLURM_ARRAY_TASK_ID\".sqlite --shard auto/4 --quiet '--cost' "
               "'instructions' '--only' 'it'\\''s'"}) {
    EXPECT_TRUE(has_line(run, line)) << line << "\nin:\n" << run;
  }
  const auto syntax = test::run_process({"/bin/bash", "-n", s.run_script.string()});
  EXPECT_EQ(syntax.status, 0) << syntax.err;
}

TEST(SlurmScripts, TheMergeScriptMergesEveryShard) {
  TempDir dir;
  const SlurmScripts s = write_slurm_scripts(options(dir));
  const fs::path job = dir.path() / "job";
  const std::string merge = read_file(s.merge_script);
  EXPECT_TRUE(has_line(merge, "#SBATCH --output=" + job.string() + "/logs/merge.log")) << merge;
  EXPECT_TRUE(has_line(
      merge, "exec '/opt/pj/perfjudge' merge --out '" + job.string() + "/merged.sqlite' \\"))
      << merge;
  for (int i = 0; i < 4; ++i) {
    EXPECT_NE(merge.find("'" + job.string() + "/shards/shard-" + std::to_string(i) + ".sqlite'"),
              std::string::npos)
        << merge;
  }
  EXPECT_EQ(merge.find("shard-4"), std::string::npos);
  EXPECT_EQ(merge.find("--array"), std::string::npos);
  const auto syntax = test::run_process({"/bin/bash", "-n", s.merge_script.string()});
  EXPECT_EQ(syntax.status, 0) << syntax.err;
}

TEST(SlurmScripts, OptionalDirectivesAreLeftOut) {
  TempDir dir;
  SlurmOptions o = options(dir);
  o.partition = o.time = o.mem = "";
  o.cpus_per_task = 0;
  const std::string run = read_file(write_slurm_scripts(o).run_script);
  EXPECT_EQ(run.find("--partition"), std::string::npos);
  EXPECT_EQ(run.find("--time"), std::string::npos);
  EXPECT_EQ(run.find("--mem"), std::string::npos);
  EXPECT_EQ(run.find("--cpus-per-task"), std::string::npos);
}

TEST(SlurmScripts, BadOptionsAreUsageErrors) {
  TempDir dir;
  SlurmOptions o = options(dir);
  o.shards = 0;
  try {
    write_slurm_scripts(o);
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_STREQ(e.what(), "--shards 0: must be at least 1");
  }
}

TEST(SlurmSubmit, TheMergeWaitsForTheArrayToSucceed) {
  TempDir dir;
  const SlurmScripts s = write_slurm_scripts(options(dir));
  std::vector<std::vector<std::string>> calls;
  const SbatchRunner fake = [&](const std::vector<std::string>& args) {
    calls.push_back(args);
    return calls.size() == 1 ? std::string("4711\n") : std::string("4712;cluster\n");
  };
  const SlurmJobs jobs = submit_slurm(s, fake);
  EXPECT_EQ(jobs.array_job, "4711");
  EXPECT_EQ(jobs.merge_job, "4712");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0], (std::vector<std::string>{"--parsable", s.run_script.string()}));
  EXPECT_EQ(calls[1], (std::vector<std::string>{"--parsable", "--dependency=afterok:4711",
                                                s.merge_script.string()}));
  // What `slurm status` and `resubmit` read back.
  const SlurmJobsFile recorded = read_jobs_file(dir.path() / "job");
  EXPECT_EQ(recorded.shards, 4);
  EXPECT_EQ(recorded.array_jobs, (std::vector<std::string>{"4711"}));
  EXPECT_EQ(recorded.merge_job, "4712");
}

TEST(SlurmScripts, TheJobsFileHoldsTheShardCountBeforeAnySubmit) {
  TempDir dir;
  write_slurm_scripts(options(dir));
  const SlurmJobsFile recorded = read_jobs_file(dir.path() / "job");
  EXPECT_EQ(recorded.shards, 4);
  EXPECT_TRUE(recorded.array_jobs.empty());
  EXPECT_EQ(recorded.merge_job, "");
}

TEST(SlurmTools, TheSystemRunnerCapturesOutputErrorsAndStatus) {
  const ToolRunner run = system_tools();
  ToolResult r = run({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  r = run({"perfjudge-no-such-tool"});
  EXPECT_FALSE(r.started);
  EXPECT_EQ(r.err, "cannot run perfjudge-no-such-tool: No such file or directory");
}

TEST(SlurmSubmit, OutputWithoutAJobIdIsAnError) {
  TempDir dir;
  const SlurmScripts s = write_slurm_scripts(options(dir));
  const SbatchRunner fake = [](const std::vector<std::string>&) {
    return std::string("sbatch: error: invalid partition\n");
  };
  EXPECT_THROW(submit_slurm(s, fake), Error);
}

}  // namespace
}  // namespace pj::harness
