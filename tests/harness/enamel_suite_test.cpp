// The real ENAMEL import: all 164 problems imported and validated in quick mode (minutes).
#include <gtest/gtest.h>

#include "core/temp_dir.hpp"
#include "harness/enamel_import.hpp"
#include "harness/validate.hpp"

namespace pj::harness {
namespace {

TEST(EnamelSuite, All164ImportedProblemsValidateQuick) {
  const std::filesystem::path csv =
      std::filesystem::path(PJ_SOURCE_DIR) / ".." / "shared" / "data" / "enamel" / "enamel.csv";
  ASSERT_TRUE(std::filesystem::is_regular_file(csv)) << "ENAMEL's CSV is expected at " << csv;
  TempDir out, cache;
  const EnamelImport imp = import_enamel(csv, out.path());
  EXPECT_EQ(imp.task_dirs.size(), 164u);
  EXPECT_EQ(imp.excluded, 22u);
  ValidateOptions o;
  o.cost = CostKind::CpuTime;
  o.quick = true;
  o.jobs = 2;
  o.cache_dir = cache.path();
  const ValidateReport r = validate_suite(out.path(), o);
  std::string all;
  for (const auto& e : r.errors) all += e + "\n";
  EXPECT_TRUE(r.ok()) << all;
  EXPECT_EQ(r.tasks, 164u);
}

}  // namespace
}  // namespace pj::harness
