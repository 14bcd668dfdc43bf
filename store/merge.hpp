// `perfjudge merge`: the shard stores of one evaluation (`run --shard I/N`) combined into one
// store, each shard's run kept as a run of its own (its references were measured on its
// machine). README.md, "Merge".
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pj::store {

// The settings (a runs.settings_json text) shards of one evaluation must share: all of them but
// the per-machine ones (`jobs`) and the paths (`samples`, `tasks_dir`; the files' hashes stay).
std::string comparable_settings(std::string_view settings_json);

// Hash of comparable_settings: runs.shard_group, what tells shards of one evaluation together.
std::string shard_group_of(std::string_view settings_json);

struct MergeOptions {
  // For tests: called inside each shard's transaction after each table is copied; a throw from
  // it rolls that shard back, as a kill would.
  std::function<void(std::string_view table)> after_table;
};

struct MergeReport {
  std::vector<std::string> merged;   // "FILE: shard I/N" for each shard copied now
  std::vector<std::string> skipped;  // the same, for shards `out` already held (same run)
  std::vector<std::string> missing;  // "I/N" for each shard `out` still lacks, in order
  int shard_count = 0;
};

// Copies every sharded run of `shards` into `out` (created if missing), one transaction per
// shard, so that a merge killed mid-way is simply run again. Everything is checked before
// anything is written; throws pj::Error(Input) naming the file when a shard is not complete,
// when its scoring settings differ from the others' (naming the setting) or when two different
// runs claim the same shard. A shard `out` already holds (the same run) is skipped.
MergeReport merge(const std::filesystem::path& out,
                  const std::vector<std::filesystem::path>& shards, const MergeOptions& opt = {});

}  // namespace pj::store
