// `perfjudge run --raw`: every sample of the file is a raw model response and is sanitized.
#include <gtest/gtest.h>

#include <fstream>

#include "core/temp_dir.hpp"
#include "run_test_util.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;

TEST(RunRawFlag, SanitizesEverySampleOfTheFile) {
  pj::TempDir dir("pj-run-raw");
  const fs::path samples = dir.path() / "raw.jsonl";
  // No "raw" field: only --raw marks these as model responses.
  std::ofstream(samples)
      << R"({"task_id": "sum-list", "model": "m", "sample_id": "prose", "solution": )"
      << R"("Here is my answer:\n```python\nimport sys\nd = sys.stdin.read().split()\n)"
      << R"(print(sum(map(int, d[1:])))\n```\nIt runs in linear time."})"
      << "\n"
      << R"({"task_id": "sum-list", "model": "m", "sample_id": "nothing", "solution": )"
      << R"("I cannot solve this."})"
      << "\n";
  const fs::path db = dir.path() / "r.sqlite";
  const int rc = pj::test::run_perfjudge(
      {"run", "--tasks", (pj::test::run_fixture() / "tasks").string(), "--samples",
       samples.string(), "--db", db.string(), "--raw", "--cost", "cpu_time", "--repeats", "1",
       "--warmup", "0", "--levels", "0", "--cache", (dir.path() / "cache").string()},
      dir.path() / "log.txt");
  ASSERT_EQ(rc, 0);
  pj::store::Store s(db);
  auto st = s.db().prepare(
      "SELECT p.sample_id, r.verdict, p.raw_response IS NOT NULL, p.sanitize_json IS NOT NULL "
      "FROM programs p JOIN program_results r ON r.program_id = p.id WHERE p.role = 'sample' "
      "ORDER BY p.sample_id");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "nothing");
  EXPECT_EQ(st.text(1), "NO_CODE");
  EXPECT_EQ(st.int64(2), 1);
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "prose");
  EXPECT_EQ(st.text(1), "OK");
  EXPECT_EQ(st.int64(2), 1);
  EXPECT_EQ(st.int64(3), 1);
  EXPECT_FALSE(st.step());
}

}  // namespace
