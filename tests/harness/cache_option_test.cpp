// `--cache DIR` is the only cache a command writes (issue 13, point 6): with the default
// location pointed at an empty directory (PERFJUDGE_CACHE, and HOME for the fallback), a run
// and a validation of a function task, whose baseline driver and checkers are built too,
// leave nothing there.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/files.hpp"
#include "common/launch.hpp"
#include "core/temp_dir.hpp"
#include "run_test_util.hpp"

namespace {

namespace fs = std::filesystem;

// Every file below dir (none when it does not exist).
std::vector<std::string> files_below(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) out.push_back(e.path().string());
  return out;
}

struct CacheOption : ::testing::Test {
  pj::TempDir dir{"pj-cache-option"};
  fs::path default_cache = dir.path() / "default-cache";
  fs::path home = dir.path() / "home";
  pj::test::Launch how;
  void SetUp() override {
    fs::create_directories(home);
    how.env = {{"PERFJUDGE_CACHE", default_cache.string()}, {"HOME", home.string()}};
  }
  void ExpectNothingInTheDefaultCache() {
    EXPECT_EQ(files_below(default_cache), std::vector<std::string>{});
    EXPECT_EQ(files_below(home), std::vector<std::string>{});
  }
};

TEST_F(CacheOption, RunOfAFunctionTaskWritesOnlyItsCache) {
  const auto samples = dir.path() / "samples.jsonl";
  pj::test::write_text(
      samples,
      R"({"task_id": "pair-sum-fn", "model": "m", "solution": "def has_pair(nums, target):\n    seen = set()\n    for x in nums:\n        if target - x in seen:\n            return True, target\n        seen.add(x)\n    return False, target\n"})"
      "\n");
  const auto cache = dir.path() / "cache";
  const auto r = pj::test::perfjudge(
      pj::test::quick_run_args(samples, dir.path() / "r.sqlite", cache,
                               pj::test::fixture_path("tasks/good/pair-sum-fn")),
      how);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_FALSE(files_below(cache).empty());
  ExpectNothingInTheDefaultCache();
}

TEST_F(CacheOption, ValidateWritesOnlyItsCache) {
  const auto cache = dir.path() / "cache";
  const auto r = pj::test::perfjudge(
      {"tasks", "validate", "--tasks", pj::test::fixture_path("tasks/good/pair-sum-fn").string(),
       "--quick", "--cost", "cpu_time", "--cache", cache.string()},
      how);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_FALSE(files_below(cache).empty());
  ExpectNothingInTheDefaultCache();
}

}  // namespace
