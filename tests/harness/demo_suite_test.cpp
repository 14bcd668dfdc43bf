// The demo suite `make run` evaluates (samples/demo-tasks/) validates cleanly, like the
// bundled one: references pass every test, generators are deterministic, and on the largest
// level the sorted reference costs more than the hash one, by exact counts. The demo's ranking
// rests on it.
#include <gtest/gtest.h>

#include "core/temp_dir.hpp"
#include "harness/task/validate.hpp"
#include "suite_validation.hpp"

namespace pj::harness {
namespace {

TEST(DemoSuite, ValidatesCleanly) {
  TempDir cache;
  const ValidateReport r = testing::validate_exact(
      std::filesystem::path(PJ_SOURCE_DIR) / "samples" / "demo-tasks", cache.path(), true);
  EXPECT_EQ(r.tasks, 2u);
  EXPECT_EQ(r.cost, Cost::Instructions);
  EXPECT_TRUE(r.ok()) << testing::error_lines(r);
}

}  // namespace
}  // namespace pj::harness
