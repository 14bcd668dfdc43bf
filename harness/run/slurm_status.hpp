// `perfjudge slurm status DIR` and `slurm resubmit DIR`: each shard's progress read from its
// database in DIR/shards, what the scheduler says of its array element and of the merge job
// (squeue, then sacct), and resubmitting the shards that are neither complete nor queued with
// a merge that waits for them. README.md, "Running on a cluster".
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/run/slurm.hpp"

namespace pj::harness {

// What one shard's database says. `state`: "missing" (no database, or no run of this shard in
// it), "complete", "interrupted" (the run stopped on a signal), "running", or "failed" (its
// database says running but the scheduler no longer runs it: killed, out of time, node lost).
struct ShardStatus {
  int index = 0;
  std::filesystem::path db;
  std::string state;
  // Units of work: correctness checks of programs plus stress (task, level, seed) triples of
  // the tasks the shard has samples of. total is unset until the shard has read its samples.
  std::int64_t done = 0;
  std::optional<std::int64_t> total;
  std::string host;       // the machine that ran it, from its database
  std::string job;        // its array element ("4711_2") as the scheduler lists it, or ""
  std::string job_state;  // squeue's state of that element ("RUNNING"), "" when not listed
  std::string note;       // why the state is what it is, when that is not plain
};

struct MergeStatus {
  std::string job;    // "" when none was submitted (--dry-run)
  std::string state;  // squeue's or sacct's state ("PENDING", "COMPLETED"), or "unknown"
  std::string note;   // the pending reason, or why the state is unknown
  bool merged_exists = false;
  int merged_shards = 0;  // distinct shards DIR/merged.sqlite holds
};

struct SlurmStatus {
  std::filesystem::path dir;
  int shards = 0;
  std::vector<ShardStatus> shard;
  MergeStatus merge;
  bool queue_known = false;  // squeue answered; otherwise queue_note says why not
  std::string queue_note;
  bool all_complete() const;
};

// The progress of shard I/N in its database at `db` (no scheduler asked).
ShardStatus shard_progress(const std::filesystem::path& db, int index, int count);

// Every shard of DIR (DIR/jobs.json, DIR/shards/shard-I.sqlite) and the merge job, asking
// squeue (and sacct for jobs squeue no longer lists) through `tools`. Throws pj::Error(Input)
// when DIR holds no jobs.json.
SlurmStatus slurm_status(const std::filesystem::path& dir, const ToolRunner& tools);

// The table `slurm status` prints.
std::string render_status(const SlurmStatus& status);

struct ResubmitResult {
  std::vector<int> shards;      // resubmitted, in order
  std::string array_job;        // "" when no shard needed it
  std::string merge_job;        // "" when the merge needed nothing either
  std::string cancelled_merge;  // the old merge job, cancelled since it waited on a failed array
  std::vector<std::string> waits_for;  // the new merge's afterok dependencies
};

// Resubmits every shard of DIR that is neither complete nor queued (one `sbatch --array=I,J
// DIR/run.sbatch`), cancels a still queued merge job, and submits DIR/merge.sbatch with afterok
// on the new array and on the old elements still queued; a merge alone when every shard is
// complete but DIR/merged.sqlite lacks some. Records the new jobs in DIR/jobs.json. Throws
// pj::Error(Input) when squeue cannot say what is queued (resubmitting then could run a shard
// twice at once).
ResubmitResult resubmit_slurm(const std::filesystem::path& dir, const ToolRunner& tools);

}  // namespace pj::harness
