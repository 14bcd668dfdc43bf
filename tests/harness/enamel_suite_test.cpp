// The real ENAMEL import: all 164 problems imported and validated in quick mode (minutes).
#include <gtest/gtest.h>

#include <string>

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
  // ENAMEL's own generators for some excluded Theta(1) problems can blow up for a given seed
  // (HumanEval/160 evaluates random `**` towers). Those problems are not scored; every
  // problem that is scored must validate cleanly.
  std::string scored_errors;
  for (const auto& e : r.errors) {
    bool excluded = false;
    for (int idx : {2,   23,  41,  45,  53,  60,  71,  92,  97,  99,  102,
                    123, 124, 135, 137, 138, 144, 148, 156, 157, 159, 160}) {
      excluded = excluded || e.rfind("humaneval-" + std::to_string(idx) + ":", 0) == 0;
    }
    if (!excluded) scored_errors += e + "\n";
  }
  EXPECT_TRUE(scored_errors.empty()) << scored_errors;
  EXPECT_EQ(r.tasks, 164u);
}

}  // namespace
}  // namespace pj::harness
