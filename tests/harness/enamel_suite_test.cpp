// The real ENAMEL import: all 164 problems imported, and the 142 that ENAMEL scores validated
// in quick mode. Validation takes minutes, so it is split into shards that ctest runs side by
// side. The 22 excluded Theta(1) problems are not validated: nothing scores them, and
// ENAMEL's own generators for some of them blow up for a given seed (HumanEval/160 evaluates
// random `**` towers).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/temp_dir.hpp"
#include "harness/samples/enamel_import.hpp"
#include "harness/task/validate.hpp"
#include "suite_validation.hpp"

namespace pj::harness {
namespace {

constexpr int kShards = 4;

// The problem index of an imported task directory ("humaneval-17" -> 17).
int problem_index(const std::filesystem::path& task_dir) {
  const std::string name = task_dir.filename().string();
  return std::stoi(name.substr(name.rfind('-') + 1));
}

struct EnamelSuite : ::testing::TestWithParam<int> {};

TEST_P(EnamelSuite, ImportedProblemsOfTheShardValidateQuick) {
  const std::filesystem::path csv =
      std::filesystem::path(PJ_SOURCE_DIR) / ".." / "shared" / "data" / "enamel" / "enamel.csv";
  ASSERT_TRUE(std::filesystem::is_regular_file(csv)) << "ENAMEL's CSV is expected at " << csv;
  TempDir out, cache;
  const EnamelImport imp = import_enamel(csv, out.path());
  ASSERT_EQ(imp.task_dirs.size(), 164u);
  EXPECT_EQ(imp.excluded, 22u);
  const std::set<int> excluded = EnamelOptions{}.excluded;
  std::size_t kept = 0;
  for (const auto& dir : imp.task_dirs) {
    const int index = problem_index(dir);
    if (index % kShards == GetParam() && excluded.count(index) == 0) {
      ++kept;
    } else {
      std::filesystem::remove_all(dir);
    }
  }
  const ValidateReport r = testing::validate_quick(out.path(), cache.path());
  EXPECT_EQ(r.tasks, kept);
  EXPECT_TRUE(r.ok()) << testing::error_lines(r);
}

INSTANTIATE_TEST_SUITE_P(Shards, EnamelSuite, ::testing::Range(0, kShards));

}  // namespace
}  // namespace pj::harness
