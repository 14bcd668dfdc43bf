// The bundled suite under tasks/ validates cleanly: every manifest loads, every reference
// passes every test, generators are deterministic and every ladder is ordered. Quick mode (the
// first seed of each level) by CPU time, in shards that ctest runs side by side.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "harness/task/validate.hpp"
#include "suite_validation.hpp"

namespace pj::harness {
namespace {

namespace fs = std::filesystem;

constexpr int kShards = 4;

std::vector<fs::path> bundled_task_dirs() {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(fs::path(PJ_SOURCE_DIR) / "tasks")) {
    if (fs::is_regular_file(e.path() / "task.toml")) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

TEST(BundledSuite, HasAtLeastFortyTasks) {
  EXPECT_GE(bundled_task_dirs().size(), 40u);
}

struct BundledSuiteShard : ::testing::TestWithParam<int> {};

TEST_P(BundledSuiteShard, ValidatesCleanly) {
  const auto all = bundled_task_dirs();
  TempDir root, cache;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (static_cast<int>(i % kShards) != GetParam()) continue;
    fs::copy(all[i], root.path() / all[i].filename(), fs::copy_options::recursive);
    ++kept;
  }
  ASSERT_GT(kept, 0u);
  const ValidateReport r = testing::validate_quick(root.path(), cache.path());
  EXPECT_EQ(r.tasks, kept);
  EXPECT_TRUE(r.ok()) << testing::error_lines(r);
}

INSTANTIATE_TEST_SUITE_P(Shards, BundledSuiteShard, ::testing::Range(0, kShards));

}  // namespace
}  // namespace pj::harness
