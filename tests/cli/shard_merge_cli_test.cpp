// The CLI of sharding and merging: a bad --shard is one usage error (exit 2) before anything
// runs; `merge` exits 0 when every shard is in, 1 naming the shards still missing, 2 with one
// line when it refuses.
#include <gtest/gtest.h>

#include "common/launch.hpp"
#include "common/shard_stores.hpp"
#include "core/file.hpp"
#include "core/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using pj::test::ShardSpec;

void expect_one_error_line(const pj::test::Finished& r, const std::string& line) {
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_EQ(r.out, "perfjudge: error: " + line + "\n");
}

TEST(ShardCli, BadShardValuesAreOneUsageError) {
  pj::TempDir dir;
  const std::string tasks = std::string(PJ_SOURCE_DIR) + "/samples/demo-tasks";
  const fs::path db = dir.path() / "r.sqlite";
  for (const auto& [spec, line] : std::vector<std::pair<std::string, std::string>>{
           {"4/4", "--shard 4/4: index 4 is outside 0..3"},
           {"two", "--shard two: expected I/N (0 <= I < N) or auto/N"},
           {"0/0",
            "--shard 0/0: N must be a whole number >= 1 (expected I/N (0 <= I < N) or "
            "auto/N)"}}) {
    const auto r = pj::test::perfjudge(
        {"run", "--tasks", tasks, "--samples", tasks, "--db", db.string(), "--shard", spec},
        pj::test::merged_output());
    expect_one_error_line(r, line);
  }
  pj::test::Launch bad_env = pj::test::merged_output();
  bad_env.env = {{"SLURM_ARRAY_TASK_ID", "9"}};
  expect_one_error_line(pj::test::perfjudge({"run", "--tasks", tasks, "--samples", tasks, "--db",
                                             db.string(), "--shard", "auto/4"},
                                            bad_env),
                        "--shard auto/4: index 9 (from SLURM_ARRAY_TASK_ID) is outside 0..3");
  EXPECT_FALSE(fs::exists(db));  // refused before the store was opened
}

TEST(MergeCli, ExitCodesSayCompleteMissingOrRefused) {
  pj::TempDir dir;
  const fs::path a = dir.path() / "s0.sqlite", b = dir.path() / "s1.sqlite",
                 c = dir.path() / "s2.sqlite", out = dir.path() / "all.sqlite";
  pj::test::write_shard(a, pj::test::shard(0, 3));
  pj::test::write_shard(b, pj::test::shard(1, 3));
  ShardSpec other = pj::test::shard(2, 3);
  other.settings["cost"] = "wall_time";
  pj::test::write_shard(c, other);

  auto r =
      pj::test::perfjudge({"merge", "--out", out.string(), a.string()}, pj::test::merged_output());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("perfjudge: merged " + a.string() + ": shard 0/3\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("perfjudge: error: " + out.string() +
                       ": missing shards 1/3, 2/3 of 3; merge them when done"),
            std::string::npos)
      << r.out;

  r = pj::test::perfjudge({"merge", "--out", out.string(), c.string()}, pj::test::merged_output());
  expect_one_error_line(r, c.string() + ": shard 2/3: setting 'cost' is \"wall_time\" here but " +
                               "\"cpu_time\" in " + out.string() +
                               ": shard 0/3; merge only the shards of one evaluation");

  // Shard 2 run again with the evaluation's settings; the shards merged before are skipped.
  fs::remove(c);
  fs::remove(fs::path(c.string() + "-wal"));
  fs::remove(fs::path(c.string() + "-shm"));
  pj::test::write_shard(c, pj::test::shard(2, 3));
  r = pj::test::perfjudge({"merge", "--out", out.string(), a.string(), b.string(), c.string()},
                          pj::test::merged_output());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("perfjudge: skipped " + a.string() + ": shard 0/3 (already in " +
                       out.string() + ")"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("perfjudge: " + out.string() + ": all 3 shards merged\n"), std::string::npos)
      << r.out;
}

TEST(SlurmCli, DryRunWritesBothScriptsCallingThisPerfjudge) {
  pj::TempDir dir;
  const fs::path out = dir.path() / "job";
  const auto r = pj::test::perfjudge({"slurm", "submit", "--tasks", "/data/tasks", "--samples",
                                      "/data/s.jsonl", "--shards", "3", "--out", out.string(),
                                      "--dry-run", "--", "--cost", "cpu_time"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("wrote " + (out / "run.sbatch").string() + "\nwrote " +
                            (out / "merge.sbatch").string() + "\nnot submitted (--dry-run)",
                        0),
            0u)
      << r.out;
  const std::string run = pj::read_file(out / "run.sbatch");
  const std::string exe = fs::canonical(PJ_PERFJUDGE_EXE).string();
  EXPECT_NE(run.find("exec '" + exe + "' run --tasks '/data/tasks'"), std::string::npos) << run;
  EXPECT_NE(run.find("--shard auto/3 --quiet '--cost' 'cpu_time'\n"), std::string::npos) << run;
  EXPECT_NE(pj::read_file(out / "merge.sbatch").find("exec '" + exe + "' merge --out"),
            std::string::npos);

  const auto bad = pj::test::perfjudge({"slurm", "submit", "--tasks", "t", "--samples", "s",
                                        "--shards", "0", "--out", out.string(), "--dry-run"},
                                       pj::test::merged_output());
  expect_one_error_line(bad, "--shards 0: must be at least 1");
}

}  // namespace
