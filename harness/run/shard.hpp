// `perfjudge run --shard I/N`: which 1/N of the work this process evaluates. A sample belongs to
// shard hash(model, task, sample id) mod N, so every machine of an array job computes the same
// partition from the same sample file, whatever order the file lists its records in.
// README.md, "Running on a cluster".
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pj::harness {

struct Shard {
  int index = 0;  // 0 <= index < count
  int count = 1;
  std::string index_from;  // "--shard", or the environment variable the index was read from
  std::string job_id;      // the scheduler's job id, "" when none is known
};

// Looks a variable up in the environment; nullopt when unset. Tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

// The variables `--shard auto/N` reads the index from, in this order.
inline constexpr const char* kShardIndexVars[] = {"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX",
                                                  "PJ_SHARD_INDEX"};

// Parses "I/N", "auto/N" or "/N" (auto). Throws pj::Error(Usage) naming --shard for anything
// else: a non-number, N < 1, I outside 0..N-1, auto without any of kShardIndexVars set.
Shard parse_shard(std::string_view spec, const EnvLookup& env);

// The shard (0..count-1) of one sample: a stable hash (SHA-1 of the length-prefixed parts),
// never std::hash or file order.
int shard_of(std::string_view model, std::string_view task_id, std::string_view sample_id,
             int count);

// This machine's host name, as the runs table records it.
std::string host_name();

}  // namespace pj::harness
