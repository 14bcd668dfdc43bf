// `perfjudge run --raw`: every sample of the file is a raw model response and is sanitized.
#include <gtest/gtest.h>

#include <fstream>

#include "core/temp_dir.hpp"
#include "run_test_util.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;

int run_quick(const fs::path& dir, const fs::path& samples, const fs::path& db,
              const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = pj::test::quick_run_args(samples, db, dir / "cache");
  args.insert(args.end(), extra.begin(), extra.end());
  return pj::test::run_perfjudge(args, dir / "log.txt");
}

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
      << "\n"
      << R"({"task_id": "sum-list", "model": "m", "sample_id": "empty", "solution": ""})"
      << "\n";
  const fs::path db = dir.path() / "r.sqlite";
  const int rc = run_quick(dir.path(), samples, db, {"--raw"});
  ASSERT_EQ(rc, 0);
  pj::store::Store s(db);
  auto st = s.db().prepare(
      "SELECT p.sample_id, r.verdict, p.raw_response IS NOT NULL, p.sanitize_json IS NOT NULL "
      "FROM programs p JOIN program_results r ON r.program_id = p.id WHERE p.role = 'sample' "
      "ORDER BY p.sample_id");
  ASSERT_TRUE(st.step());  // an empty response is a failed sample, not a bad line
  EXPECT_EQ(st.text(0), "empty");
  EXPECT_EQ(st.text(1), "NO_CODE");
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

// `perfjudge sanitize` then `perfjudge run` on its output: the NO_CODE sample stays a sample
// (stored NO_CODE with its response), so pass@k still counts it as failed.
TEST(RunRawFlag, SanitizedFileRunsWithItsNoCodeSamples) {
  pj::TempDir dir("pj-run-sanitized");
  const fs::path raw = dir.path() / "raw.jsonl";
  std::ofstream(raw) << R"({"task_id": "sum-list", "model": "m", "sample_id": "good", "raw": )"
                     << R"("```python\nimport sys\nd = sys.stdin.read().split()\n)"
                     << R"(print(sum(map(int, d[1:])))\n```"})"
                     << "\n"
                     << R"({"task_id": "sum-list", "model": "m", "sample_id": "prose", "raw": )"
                     << R"("I cannot solve this."})"
                     << "\n";
  const fs::path tasks = pj::test::run_fixture() / "tasks";
  const fs::path clean = dir.path() / "clean.jsonl";
  ASSERT_EQ(pj::test::run_perfjudge({"sanitize", "--tasks", tasks.string(), "--samples",
                                     raw.string(), "-o", clean.string()},
                                    dir.path() / "sanitize.txt"),
            0);
  const fs::path db = dir.path() / "r.sqlite";
  const int rc = run_quick(dir.path(), clean, db);
  ASSERT_EQ(rc, 0);
  pj::store::Store s(db);
  auto st = s.db().prepare(
      "SELECT p.sample_id, r.verdict, p.raw_response FROM programs p JOIN program_results r "
      "ON r.program_id = p.id WHERE p.role = 'sample' ORDER BY p.sample_id");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "good");
  EXPECT_EQ(st.text(1), "OK");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "prose");
  EXPECT_EQ(st.text(1), "NO_CODE");
  EXPECT_EQ(st.text(2), "I cannot solve this.");
  EXPECT_FALSE(st.step());
}

}  // namespace
