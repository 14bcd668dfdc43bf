// `perfjudge noise`: the same work run twice into one database (two fresh runs), then each
// cost's floor and A/A change. Only the shape and the arithmetic's inputs are asserted: the
// figures themselves depend on the machine's load.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/launch.hpp"
#include "core/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> noise_args(const fs::path& dir, const std::string& repeats) {
  const std::string tasks = std::string(PJ_SOURCE_DIR) + "/samples/demo-tasks";
  const std::string samples = std::string(PJ_SOURCE_DIR) + "/samples/demo";
  return {"noise",
          "--tasks",
          tasks,
          "--samples",
          samples,
          "--only",
          "distinct-count",
          "--levels",
          "0",
          "--repeats",
          repeats,
          "--cost",
          "cpu_time",
          "--quiet",
          "--cache",
          (dir / "cache").string(),
          "--db",
          (dir / "n.sqlite").string()};
}

TEST(NoiseCli, RunsTheSameWorkTwiceAndPrintsEachCostsFloor) {
  pj::TempDir dir;
  auto args = noise_args(dir.path(), "3");
  args.insert(args.end(), {"--format", "json"});
  const auto r = pj::test::perfjudge(args);
  ASSERT_EQ(r.status, 0) << r.err;
  // Two runs, each summarised on stderr.
  EXPECT_NE(r.err.find("run 1: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("run 2: "), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("runs"), nlohmann::json::parse("[1, 2]"));
  ASSERT_EQ(j.at("costs").size(), 2u) << r.out;  // no counter backend: no instructions row
  EXPECT_EQ(j["costs"][0].at("cost"), "cpu_time");
  EXPECT_EQ(j["costs"][1].at("cost"), "wall_time");
  for (const auto& c : j["costs"]) {
    EXPECT_GT(c.at("benchmarks").get<int>(), 0) << c;
    EXPECT_EQ(c.at("repeats"), 3) << c;
    EXPECT_TRUE(c.at("floor").is_number()) << c;
    EXPECT_GE(c.at("floor").get<double>(), 0) << c;
    EXPECT_TRUE(c.at("aa_change").is_number()) << c;
  }

  // Again, as text, into the same database: two more fresh runs, never a resumed one.
  const auto t = pj::test::perfjudge(noise_args(dir.path(), "3"));
  ASSERT_EQ(t.status, 0) << t.err;
  EXPECT_EQ(t.err.find("resumed"), std::string::npos) << t.err;
  EXPECT_NE(t.out.find("noise: runs 3 and 4 of "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("\ncpu_time "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("\nwall_time "), std::string::npos) << t.out;
}

TEST(NoiseCli, OneRepeatIsAUsageError) {
  pj::TempDir dir;
  const auto r = pj::test::perfjudge(noise_args(dir.path(), "1"), pj::test::merged_output());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "perfjudge: error: --repeats: noise needs at least 2 repeats per run\n");
  EXPECT_FALSE(fs::exists(dir.path() / "n.sqlite"));
}

}  // namespace
