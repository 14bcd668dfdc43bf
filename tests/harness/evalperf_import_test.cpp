// `perfjudge import evalperf` on tests/fixtures/evalperf: two records with problems in
// problems.jsonl (one pe_input a string of JSON, one a Python literal) and one without.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/launch.hpp"
#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/samples/evalperf_import.hpp"
#include "harness/task/task.hpp"
#include "harness/task/validate.hpp"
#include "suite_validation.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

namespace fs = std::filesystem;

fs::path fx(std::string_view name) {
  return fs::path(PJ_SOURCE_DIR) / "tests/fixtures/evalperf" / name;
}

std::string import_error(const fs::path& evalperf, const fs::path& problems) {
  TempDir out;
  try {
    import_evalperf(evalperf, problems, out.path());
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Input);
    return e.what();
  }
  ADD_FAILURE() << "accepted " << evalperf;
  return "";
}

TEST(EvalPerfImport, WritesFunctionTasksWithTheLadderInOrder) {
  TempDir out;
  const EvalPerfImport r = import_evalperf(fx("evalperf.jsonl"), fx("problems.jsonl"), out.path());
  ASSERT_EQ(r.task_dirs.size(), 2u);
  EXPECT_EQ(r.task_dirs[0], out.path() / "evalperf-humaneval-0");
  EXPECT_EQ(r.task_dirs[1], out.path() / "evalperf-mbpp-3");
  const Task t = load_task(r.task_dirs[0]);
  EXPECT_EQ(t.id, "evalperf-humaneval-0");
  EXPECT_EQ(t.aliases, std::vector<std::string>{"HumanEval/0"});
  EXPECT_EQ(t.kind, TaskKind::Function);
  EXPECT_EQ(t.entry_point, "pair_count");
  EXPECT_NE(t.prompt.find("def pair_count(n: int) -> int:"), std::string::npos);
  // Slowest first: naive, good, expert; the fastest gives the expected outputs.
  ASSERT_EQ(t.references.size(), 3u);
  EXPECT_EQ(t.references[0].name, "ref0");
  EXPECT_EQ(t.references[0].level, "naive");
  EXPECT_EQ(t.references[1].level, "good");
  EXPECT_EQ(t.references[2].level, "expert");
  EXPECT_EQ(t.best_reference().name, "ref2");
  EXPECT_NE(testing::slurp(t.references[0].file).find("for j in range(i):"), std::string::npos);
  // A reference that is a completion of the prompt gets the prompt before it.
  EXPECT_EQ(testing::slurp(t.references[2].file), t.prompt + "    return n * (n - 1) // 2\n");
  // EvalPlus's base inputs are the tests, answered by the fastest reference.
  ASSERT_EQ(t.tests.size(), 3u);
  EXPECT_FALSE(t.tests[0].expected.has_value());
  EXPECT_EQ(testing::slurp(t.tests[2].input), "{\"args\": [5]}\n");
  const Task m = load_task(r.task_dirs[1]);
  ASSERT_EQ(m.references.size(), 2u);
  EXPECT_EQ(m.references[0].level, "naive");
  EXPECT_EQ(m.references[1].level, "expert");
  EXPECT_NE(testing::slurp(m.references[1].file).find("while i * i <= n:"), std::string::npos);
  // Re-importing overwrites in place.
  EXPECT_EQ(import_evalperf(fx("evalperf.jsonl"), fx("problems.jsonl"), out.path()).task_dirs,
            r.task_dirs);
}

TEST(EvalPerfImport, PeInputIsOneFixedLevel) {
  TempDir out;
  const EvalPerfImport r = import_evalperf(fx("evalperf.jsonl"), fx("problems.jsonl"), out.path());
  ASSERT_EQ(r.task_dirs.size(), 2u);
  const Task t = load_task(r.task_dirs[0]);
  EXPECT_TRUE(t.generator.empty());
  ASSERT_EQ(t.levels.size(), 1u);
  ASSERT_TRUE(t.levels[0].fixed());
  EXPECT_EQ(t.levels[0].seeds, std::vector<std::uint64_t>{1});
  EXPECT_GT(t.levels[0].hardness, 0);  // measured, not a correctness-only level
  EXPECT_EQ(testing::slurp(t.levels[0].inputs[0]), "[3000]\n");  // EvalPerf's JSON, verbatim
  // The Python literal's tuple keeps its type in the driver's encoding.
  const Task m = load_task(r.task_dirs[1]);
  EXPECT_EQ(testing::slurp(m.levels[0].inputs[0]), "[30000, {\"$tuple\": [1, 2]}]\n");
}

TEST(EvalPerfImport, PeInputMayBeAJsonArray) {
  TempDir tmp, out;
  const auto file = tmp.path() / "e.jsonl";
  testing::write(file,
                 "{\"task_id\": \"HumanEval/0\", \"reference\": [\"    return 0\"], "
                 "\"pe_input\": [2500, [1, \"a\"]], \"scores\": [100]}\n");
  const EvalPerfImport r = import_evalperf(file, fx("problems.jsonl"), out.path());
  ASSERT_EQ(r.task_dirs.size(), 1u);
  const Task t = load_task(r.task_dirs[0]);
  EXPECT_EQ(testing::slurp(t.levels[0].inputs[0]), "[2500,[1,\"a\"]]\n");
  ASSERT_EQ(t.references.size(), 1u);
  EXPECT_EQ(t.references[0].level, "expert");  // a single reference tops the ladder
}

TEST(EvalPerfImport, RecordsWithoutAProblemAreSkippedWithAWarning) {
  TempDir out;
  const EvalPerfImport r = import_evalperf(fx("evalperf.jsonl"), fx("problems.jsonl"), out.path());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], fx("evalperf.jsonl").string() + ":3: HumanEval/7: not in " +
                               fx("problems.jsonl").string() + "; skipped");
  EXPECT_FALSE(fs::exists(out.path() / "evalperf-humaneval-7"));
}

TEST(EvalPerfImport, BadLinesNameFileAndLine) {
  TempDir tmp;
  const auto bad = tmp.path() / "e.jsonl";
  const std::string good = testing::slurp(fx("evalperf.jsonl"));
  testing::write(bad, good.substr(0, good.find('\n') + 1) + "{\"task_id\": \"HumanEval/1\",\n");
  EXPECT_EQ(import_error(bad, fx("problems.jsonl")), bad.string() + ":2: malformed JSON");
  testing::write(bad,
                 "{\"task_id\": \"../../etc\", \"reference\": [\"x\"], \"pe_input\": [], "
                 "\"scores\": [1]}\n");
  EXPECT_NE(import_error(bad, fx("problems.jsonl"))
                .find("e.jsonl:1: task_id '../../etc' is not HumanEval/N or Mbpp/N"),
            std::string::npos);
  testing::write(bad,
                 "{\"task_id\": \"Mbpp/3\", \"reference\": [\"x\"], \"pe_input\": "
                 "\"[open('x')]\", \"scores\": [1]}\n");
  EXPECT_NE(import_error(bad, fx("problems.jsonl")).find("e.jsonl:1: Mbpp/3: pe_input: not a "),
            std::string::npos)
      << import_error(bad, fx("problems.jsonl"));
  testing::write(bad,
                 "{\"task_id\": \"Mbpp/3\", \"reference\": [\"x\", \"y\"], \"pe_input\": "
                 "[1], \"scores\": [1]}\n");
  EXPECT_NE(import_error(bad, fx("problems.jsonl"))
                .find("e.jsonl:1: 'scores' must hold one number per reference"),
            std::string::npos);
  // The problems file is checked the same way.
  const auto problems = tmp.path() / "p.jsonl";
  testing::write(problems, testing::slurp(fx("problems.jsonl")) + "[1]\n");
  EXPECT_EQ(import_error(fx("evalperf.jsonl"), problems),
            problems.string() + ":3: not a JSON object");
}

TEST(EvalPerfImport, ImportedTasksValidate) {
  TempDir out, cache;
  import_evalperf(fx("evalperf.jsonl"), fx("problems.jsonl"), out.path());
  const ValidateReport r = testing::validate_exact(out.path(), cache.path(), false);
  EXPECT_TRUE(r.ok()) << testing::error_lines(r);
  EXPECT_EQ(r.tasks, 2u);
  EXPECT_EQ(r.cost, Cost::Instructions);
}

TEST(EvalPerfImportCli, WritesTasksWarnsAndFailsOnBadInput) {
  TempDir out;
  const auto r =
      pj::test::perfjudge_sh("import evalperf " + fx("evalperf.jsonl").string() + " --problems " +
                             fx("problems.jsonl").string() + " --out " + out.path().string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("imported 2 EvalPerf problems"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("perfjudge: warning: " + fx("evalperf.jsonl").string() +
                       ":3: HumanEval/7: not in"),
            std::string::npos)
      << r.err;
  const auto bad = out.path() / "bad.jsonl";
  testing::write(bad, "not json\n");
  const auto e =
      pj::test::perfjudge_sh("import evalperf " + bad.string() + " --problems " +
                             fx("problems.jsonl").string() + " --out " + out.path().string());
  EXPECT_EQ(e.status, 2);
  EXPECT_EQ(e.err, "perfjudge: error: " + bad.string() + ":1: malformed JSON\n");
}

}  // namespace
}  // namespace pj::harness
