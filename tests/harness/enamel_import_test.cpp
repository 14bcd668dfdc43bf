#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/samples/enamel_import.hpp"
#include "harness/task/task.hpp"
#include "harness/task/validate.hpp"
#include "suite_validation.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

std::filesystem::path mini_csv() {
  return std::filesystem::path(PJ_SOURCE_DIR) / "tests/fixtures/enamel/mini.csv";
}

std::string error_of(const std::filesystem::path& csv) {
  try {
    read_enamel_csv(csv);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted " << csv;
  return "";
}

TEST(EnamelCsv, ReadsQuotedMultiLineFields) {
  const auto problems = read_enamel_csv(mini_csv());
  ASSERT_EQ(problems.size(), 2u);
  const auto& p = problems[0];
  EXPECT_EQ(p.index, 0);
  EXPECT_EQ(p.task_id, "HumanEval/0");
  EXPECT_EQ(p.entry_point, "add_all");
  EXPECT_NE(p.prompt.find("\"\"\" Sum of \"xs\", e.g.\n"), std::string::npos) << p.prompt;
  EXPECT_EQ(p.levels, (std::vector<std::string>{"5", "10", "20", "40"}));
  EXPECT_EQ(p.reference.substr(0, 14), "    total = 0\n");
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(problems[1].index, 2);
  EXPECT_EQ(problems[1].line, 18);
}

TEST(EnamelCsv, BadFilesNameFileAndLine) {
  TempDir tmp;
  const auto csv = tmp.path() / "e.csv";
  testing::write(csv, "task_id,prompt\nHumanEval/0,x\n");
  EXPECT_NE(error_of(csv).find("e.csv:1: expected the header"), std::string::npos);
  std::string text = testing::slurp(mini_csv());
  testing::write(csv, text + "HumanEval/9,\"unterminated\n");
  EXPECT_NE(error_of(csv).find("e.csv:34: unterminated quoted field"), std::string::npos)
      << error_of(csv);
  testing::write(csv, text + "HumanEval/9,a,b\n");
  EXPECT_NE(error_of(csv).find("e.csv:34: expected 7 fields, found 3"), std::string::npos);
  testing::write(csv,
                 text + "HumanEval/9,p,def generate_input(): pass,1 2 3,r,def __check(): pass,f\n");
  EXPECT_NE(error_of(csv).find("e.csv:34: HumanEval/9: input_levels must hold four sizes"),
            std::string::npos);
}

TEST(EnamelImport, WritesFunctionTasksWithEnamelDefaults) {
  TempDir out;
  const EnamelImport r = import_enamel(mini_csv(), out.path());
  ASSERT_EQ(r.task_dirs.size(), 2u);
  EXPECT_EQ(r.excluded, 1u);
  const Task t = load_task(r.task_dirs[0]);
  EXPECT_EQ(t.id, "humaneval-0");
  EXPECT_EQ(t.aliases, (std::vector<std::string>{"HumanEval/0", "0"}));
  EXPECT_EQ(t.kind, TaskKind::Function);
  EXPECT_EQ(t.entry_point, "add_all");
  EXPECT_FALSE(t.excluded);
  EXPECT_NE(t.prompt.find("def add_all(xs: List[int]) -> int:"), std::string::npos);
  EXPECT_DOUBLE_EQ(t.limits.alpha, 2);
  EXPECT_EQ(t.checker.type, CheckerType::Program);
  EXPECT_EQ(t.checker.file.filename(), "check.py");
  ASSERT_EQ(t.levels.size(), 4u);
  const std::vector<std::size_t> tests_per_level = {8, 4, 4, 4};
  const std::vector<double> hardness = {0, 3, 3, 4};
  for (std::size_t l = 0; l < 4; ++l) {
    EXPECT_EQ(t.levels[l].seeds.size(), tests_per_level[l]);
    EXPECT_DOUBLE_EQ(t.levels[l].hardness, hardness[l]);
    EXPECT_EQ(t.levels[l].args[1], std::to_string(l));
    EXPECT_EQ(t.levels[l].args[2], "998244353");
  }
  EXPECT_EQ(t.levels[3].args[0], "40");
  EXPECT_EQ(t.tests.size(), 8u);  // level 0 doubles as the correctness tests
  ASSERT_EQ(t.references.size(), 1u);
  const std::string ref = testing::slurp(t.references[0].file);
  EXPECT_NE(ref.find("\"\"\"\n    total = 0\n"), std::string::npos) << ref;
  EXPECT_TRUE(load_task(r.task_dirs[1]).excluded);
  // Re-importing overwrites in place.
  EXPECT_EQ(import_enamel(mini_csv(), out.path()).task_dirs, r.task_dirs);
}

TEST(EnamelImport, ImportedTasksValidate) {
  TempDir out, cache;
  import_enamel(mini_csv(), out.path());
  const ValidateReport r = testing::validate_imported(out.path(), cache.path());
  EXPECT_TRUE(r.ok()) << testing::error_lines(r);
  EXPECT_EQ(r.tasks, 2u);
}

TEST(EnamelImport, MissingCsvIsAnInputError) {
  TempDir out;
  EXPECT_THROW(import_enamel("/nonexistent/enamel.csv", out.path()), Error);
}

}  // namespace
}  // namespace pj::harness
