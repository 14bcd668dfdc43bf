// A merged store reads as one evaluation: by default, a model's samples come from its latest
// run and from every other shard of the same evaluation (shard_group), not from that run only.
#include <gtest/gtest.h>

#include "common/shard_stores.hpp"
#include "core/temp_dir.hpp"
#include "reports/load.hpp"
#include "store/merge.hpp"

namespace {

namespace fs = std::filesystem;

std::size_t samples_of(const pj::reports::Dataset& ds) {
  std::size_t n = 0;
  for (const auto& p : ds.programs) n += p.role == "sample";
  return n;
}

TEST(LoadShards, AMergedStoreReadsEveryShardOfTheEvaluation) {
  pj::TempDir dir;
  const fs::path a = dir.path() / "s0.sqlite", b = dir.path() / "s1.sqlite";
  pj::test::write_shard(a, pj::test::shard(0, 2));
  pj::test::write_shard(b, pj::test::shard(1, 2));
  const fs::path out = dir.path() / "all.sqlite";
  pj::store::merge(out, {a, b});
  const auto ds = pj::reports::load(out);
  EXPECT_EQ(ds.runs.size(), 2u);
  EXPECT_EQ(samples_of(ds), 6u);
  // Each sample keeps the run (and so the references) of its own shard.
  for (const auto& p : ds.programs) {
    if (p.role != "sample") continue;
    EXPECT_EQ(p.sample_id.substr(0, 1), p.run_id == 1 ? "0" : "1");
  }
}

TEST(LoadShards, AShardStoreAloneReadsItsOwnRun) {
  pj::TempDir dir;
  const fs::path a = dir.path() / "s0.sqlite";
  pj::test::write_shard(a, pj::test::shard(0, 2));
  const auto ds = pj::reports::load(a);
  EXPECT_EQ(ds.runs.size(), 1u);
  EXPECT_EQ(samples_of(ds), 3u);
}

}  // namespace
