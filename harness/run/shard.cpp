#include "harness/run/shard.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <charconv>
#include <climits>
#include <cstdlib>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"

namespace pj::harness {

namespace {

constexpr const char* kShardUsage = "expected I/N (0 <= I < N) or auto/N";

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// SLURM_ARRAY_JOB_ID_TASK (what squeue shows for an array element), else SLURM_JOB_ID.
std::string scheduler_job_id(const EnvLookup& env) {
  const auto array_job = env("SLURM_ARRAY_JOB_ID");
  const auto array_task = env("SLURM_ARRAY_TASK_ID");
  if (array_job && array_task) return *array_job + "_" + *array_task;
  if (auto job = env("SLURM_JOB_ID")) return *job;
  return "";
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

Shard parse_shard(std::string_view spec, const EnvLookup& env) {
  const std::string shown = printable(std::string(spec), 100);
  const auto slash = spec.find('/');
  if (slash == std::string_view::npos) {
    fail_usage(fmt::format("--shard {}: {}", shown, kShardUsage));
  }
  const std::string_view index_text = spec.substr(0, slash);
  const auto count = to_int(spec.substr(slash + 1));
  if (!count || *count < 1) {
    fail_usage(fmt::format("--shard {}: N must be a whole number >= 1 ({})", shown, kShardUsage));
  }
  Shard out;
  out.count = *count;
  out.job_id = scheduler_job_id(env);
  std::optional<int> index;
  if (index_text.empty() || index_text == "auto") {
    for (const char* var : kShardIndexVars) {
      const auto value = env(var);
      if (!value) continue;
      index = to_int(*value);
      if (!index) {
        fail_usage(fmt::format("--shard {}: {}='{}' is not a shard index", shown, var,
                               printable(*value, 100)));
      }
      out.index_from = var;
      break;
    }
    if (!index) {
      fail_usage(
          fmt::format("--shard {}: none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, "
                      "PJ_SHARD_INDEX is set",
                      shown));
    }
  } else {
    index = to_int(index_text);
    if (!index) fail_usage(fmt::format("--shard {}: {}", shown, kShardUsage));
    out.index_from = "--shard";
  }
  if (*index < 0 || *index >= out.count) {
    fail_usage(fmt::format("--shard {}: index {}{} is outside 0..{}", shown, *index,
                           out.index_from == "--shard" ? "" : " (from " + out.index_from + ")",
                           out.count - 1));
  }
  out.index = *index;
  return out;
}

int shard_of(std::string_view model, std::string_view task_id, std::string_view sample_id,
             int count) {
  if (count <= 1) return 0;
  Hasher h;
  const std::string hex = h.add(model).add(task_id).add(sample_id).hex();
  // The first 60 bits of the digest: uniform, and the same on every machine.
  const std::uint64_t v = std::stoull(hex.substr(0, 15), nullptr, 16);
  return static_cast<int>(v % static_cast<std::uint64_t>(count));
}

std::string host_name() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

}  // namespace pj::harness
