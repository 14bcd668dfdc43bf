// --shard I/N: the partition of samples is a stable hash (the same on every machine and in
// every file order), disjoint and complete; auto/N reads the index from the scheduler's
// variable; a bad value is one usage error naming --shard.
#include "harness/run/shard.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "core/error.hpp"

namespace pj::harness {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string usage_error(const std::string& spec, const EnvLookup& env = env_of({})) {
  try {
    parse_shard(spec, env);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage) << e.what();
    return e.what();
  }
  ADD_FAILURE() << spec << " was accepted";
  return "";
}

TEST(ShardPartition, IsAFixedFunctionOfModelTaskAndSample) {
  // Pinned values (computed independently with Python: SHA-1 of the little-endian 64-bit
  // length + bytes of each part, first 15 hex digits, mod N): a change of the hash would
  // split a running array job differently.
  const int pinned[] = {shard_of("m", "t", "0", 1000), shard_of("m", "t", "1", 1000),
                        shard_of("model-a", "task/x", "17", 1000)};
  EXPECT_EQ(pinned[0], 437);
  EXPECT_EQ(pinned[1], 934);
  EXPECT_EQ(pinned[2], 284);
  // The parts are length-prefixed: moving a character between them changes the key.
  int differ = 0;
  for (int i = 0; i < 50; ++i) {
    const std::string n = std::to_string(i);
    differ += shard_of("ab", "c" + n, "0", 1000) != shard_of("a", "bc" + n, "0", 1000);
  }
  EXPECT_GT(differ, 45);
}

TEST(ShardPartition, ShardsAreDisjointCoverEverythingAndAreBalanced) {
  for (const int n : {1, 2, 3, 7, 16}) {
    std::map<int, int> per_shard;
    std::set<std::string> seen;
    for (int model = 0; model < 4; ++model) {
      for (int task = 0; task < 25; ++task) {
        for (int sample = 0; sample < 10; ++sample) {
          const int s = shard_of("model" + std::to_string(model), "task" + std::to_string(task),
                                 std::to_string(sample), n);
          ASSERT_GE(s, 0);
          ASSERT_LT(s, n);
          ++per_shard[s];  // one shard per sample: disjoint and covering by construction
        }
      }
    }
    int total = 0;
    for (const auto& [s, count] : per_shard) {
      total += count;
      EXPECT_GT(count, 1000 / n / 2) << "shard " << s << " of " << n;  // generous balance
    }
    EXPECT_EQ(total, 1000);
    EXPECT_EQ(static_cast<int>(per_shard.size()), n);
  }
}

TEST(ShardSpec, ExplicitIndex) {
  const Shard s = parse_shard("2/4", env_of({}));
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 4);
  EXPECT_EQ(s.index_from, "--shard");
  EXPECT_EQ(s.job_id, "");
  EXPECT_EQ(parse_shard("0/1", env_of({})).count, 1);
}

TEST(ShardSpec, AutoReadsEachSchedulersVariable) {
  for (const char* var : kShardIndexVars) {
    const Shard s = parse_shard("auto/8", env_of({{var, "5"}}));
    EXPECT_EQ(s.index, 5) << var;
    EXPECT_EQ(s.count, 8);
    EXPECT_EQ(s.index_from, var);
    EXPECT_EQ(parse_shard("/8", env_of({{var, "3"}})).index, 3) << var;
  }
  // Slurm first, then Kubernetes, then a CI matrix.
  EXPECT_EQ(parse_shard("auto/8", env_of({{"PJ_SHARD_INDEX", "1"},
                                          {"SLURM_ARRAY_TASK_ID", "2"},
                                          {"JOB_COMPLETION_INDEX", "3"}}))
                .index_from,
            "SLURM_ARRAY_TASK_ID");
  EXPECT_EQ(
      parse_shard("auto/8", env_of({{"PJ_SHARD_INDEX", "1"}, {"JOB_COMPLETION_INDEX", "3"}})).index,
      3);
}

TEST(ShardSpec, RecordsTheSlurmJobId) {
  EXPECT_EQ(parse_shard("auto/4", env_of({{"SLURM_ARRAY_TASK_ID", "2"},
                                          {"SLURM_ARRAY_JOB_ID", "900"},
                                          {"SLURM_JOB_ID", "903"}}))
                .job_id,
            "900_2");
  EXPECT_EQ(parse_shard("1/4", env_of({{"SLURM_JOB_ID", "903"}})).job_id, "903");
}

TEST(ShardSpec, BadValuesAreOneUsageErrorNamingTheOption) {
  EXPECT_EQ(usage_error("3"), "--shard 3: expected I/N (0 <= I < N) or auto/N");
  EXPECT_EQ(usage_error("a/4"), "--shard a/4: expected I/N (0 <= I < N) or auto/N");
  EXPECT_EQ(usage_error("1/0"),
            "--shard 1/0: N must be a whole number >= 1 (expected I/N (0 <= I < N) or auto/N)");
  EXPECT_EQ(usage_error("1/x"),
            "--shard 1/x: N must be a whole number >= 1 (expected I/N (0 <= I < N) or auto/N)");
  EXPECT_EQ(usage_error("4/4"), "--shard 4/4: index 4 is outside 0..3");
  EXPECT_EQ(usage_error("-1/4"), "--shard -1/4: index -1 is outside 0..3");
  EXPECT_EQ(usage_error("1/4 "),
            "--shard 1/4 : N must be a whole number >= 1 (expected I/N (0 <= I < N) or auto/N)");
  EXPECT_EQ(usage_error("auto/4"),
            "--shard auto/4: none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, PJ_SHARD_INDEX "
            "is set");
  EXPECT_EQ(usage_error("auto/4", env_of({{"PJ_SHARD_INDEX", "one"}})),
            "--shard auto/4: PJ_SHARD_INDEX='one' is not a shard index");
  EXPECT_EQ(usage_error("auto/4", env_of({{"JOB_COMPLETION_INDEX", "4"}})),
            "--shard auto/4: index 4 (from JOB_COMPLETION_INDEX) is outside 0..3");
}

}  // namespace
}  // namespace pj::harness
