// `perfjudge slurm submit`: an sbatch array script (one element per shard, each a
// `perfjudge run --shard auto/N` into its own database) and a merge script that depends on
// it, written into DIR for the user to read, edit and resubmit. README.md, "Running on a
// cluster".
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pj::harness {

struct SlurmOptions {
  std::filesystem::path tasks_dir;
  std::filesystem::path samples;
  int shards = 0;
  std::string partition;  // empty: the cluster's default, for these four
  std::string time;
  int cpus_per_task = 0;
  std::string mem;
  std::filesystem::path out;           // DIR: scripts, shards/, logs/, merged.sqlite
  std::vector<std::string> run_extra;  // more `perfjudge run` options, after `--`
  std::filesystem::path perfjudge;     // the binary the scripts call (this one)
};

struct SlurmScripts {
  std::filesystem::path run_script;    // DIR/run.sbatch
  std::filesystem::path merge_script;  // DIR/merge.sbatch
  std::filesystem::path merged_db;     // DIR/merged.sqlite
};

// Writes both scripts and DIR/jobs.json (the shard count; no job ids yet), and creates
// DIR/shards and DIR/logs. Throws pj::Error(Usage) for a missing --tasks/--samples/--out or
// --shards below 1.
SlurmScripts write_slurm_scripts(const SlurmOptions& opt);

// What `slurm status` and `resubmit` know of DIR besides its databases: DIR/jobs.json.
struct SlurmJobsFile {
  int shards = 0;
  std::vector<std::string> array_jobs;  // every array submitted into DIR, oldest first
  std::string merge_job;                // the latest merge job; "" before one was submitted
};
// Throws pj::Error(Input) naming the file when it is missing or malformed.
SlurmJobsFile read_jobs_file(const std::filesystem::path& dir);
void write_jobs_file(const std::filesystem::path& dir, const SlurmJobsFile& jobs);

// One finished command line: whether it could be started, its exit status and its output.
struct ToolResult {
  bool started = false;
  int status = -1;  // exit code; -1 when not started or killed by a signal
  std::string out;
  std::string err;  // its stderr, or why it could not be started
};
// Runs argv (argv[0] looked up in PATH). Tests pass their own stand-ins for sbatch, squeue,
// sacct and scancel.
using ToolRunner = std::function<ToolResult(const std::vector<std::string>& argv)>;
ToolRunner system_tools();

// Runs `sbatch` with these arguments and returns its standard output; throws pj::Error when it
// cannot be started or fails. Tests pass their own.
using SbatchRunner = std::function<std::string(const std::vector<std::string>& args)>;
SbatchRunner system_sbatch();
// The same on top of a ToolRunner.
SbatchRunner sbatch_with(ToolRunner tools);

// "123" or "123;cluster" (the output of sbatch --parsable) -> "123"; throws pj::Error(Input)
// naming `script` when the output holds no job id.
std::string parsable_job_id(const std::string& out, const std::filesystem::path& script);

struct SlurmJobs {
  std::string array_job;
  std::string merge_job;
};

// Submits the array, then the merge with --dependency=afterok on it; records both in
// DIR/jobs.json.
SlurmJobs submit_slurm(const SlurmScripts& scripts, const SbatchRunner& sbatch);

}  // namespace pj::harness
