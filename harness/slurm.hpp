// `perfjudge slurm submit`: an sbatch array script (one element per shard, each a
// `perfjudge run --shard auto/N` into its own database) and a merge script that depends on
// it, written into DIR for the user to read, edit and resubmit. README.md, "Running on a
// cluster".
#pragma once

#include <filesystem>
#include <functional>
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

// Writes both scripts (and creates DIR/shards and DIR/logs). Throws pj::Error(Usage) for a
// missing --tasks/--samples/--out or --shards below 1.
SlurmScripts write_slurm_scripts(const SlurmOptions& opt);

// Runs `sbatch` with these arguments and returns its standard output; throws pj::Error when it
// cannot be started or fails. Tests pass their own.
using SbatchRunner = std::function<std::string(const std::vector<std::string>& args)>;
SbatchRunner system_sbatch();

struct SlurmJobs {
  std::string array_job;
  std::string merge_job;
};

// Submits the array, then the merge with --dependency=afterok on it.
SlurmJobs submit_slurm(const SlurmScripts& scripts, const SbatchRunner& sbatch);

}  // namespace pj::harness
