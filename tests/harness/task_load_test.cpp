#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/task/task.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

using testing::copy_fixture;
using testing::fixture;
using testing::load_error;
using testing::write;

bool any_contains(const std::vector<std::string>& v, std::string_view needle) {
  return std::any_of(v.begin(), v.end(),
                     [&](const std::string& s) { return s.find(needle) != std::string::npos; });
}

TEST(TaskLoad, ProgramTaskFieldsAndDefaults) {
  const Task t = load_task(fixture("good/pair-products"));
  EXPECT_EQ(t.id, "pair-products");
  EXPECT_EQ(t.title, "Sum of pairwise products");
  EXPECT_EQ(t.kind, TaskKind::Program);
  EXPECT_EQ(t.statement.filename(), "statement.md");
  EXPECT_EQ(t.languages.size(), 6u);
  EXPECT_EQ(t.default_language, "cpp");
  EXPECT_DOUBLE_EQ(t.limits.cpu_seconds, 5.0);
  EXPECT_EQ(t.limits.memory_mib, 256u);
  EXPECT_EQ(t.limits.output_mib, 64u);  // default
  EXPECT_DOUBLE_EQ(t.limits.alpha, 2.0);
  EXPECT_EQ(t.checker.type, CheckerType::Tokens);
  ASSERT_EQ(t.tests.size(), 3u);  // single, small, one generated
  EXPECT_EQ(t.tests[0].name, "single");
  ASSERT_TRUE(t.tests[0].expected.has_value());
  EXPECT_EQ(t.tests[0].expected->filename(), "single.out");
  EXPECT_EQ(t.tests[2].gen_args, std::vector<std::string>{"5"});
  EXPECT_EQ(t.tests[2].gen_seed, 7u);
  EXPECT_FALSE(t.tests[2].expected.has_value());
  ASSERT_EQ(t.levels.size(), 2u);
  EXPECT_EQ(t.levels[1].index, 1);
  EXPECT_EQ(t.levels[1].args, std::vector<std::string>{"1500"});
  EXPECT_DOUBLE_EQ(t.levels[1].hardness, 3);
  ASSERT_EQ(t.references.size(), 3u);
  EXPECT_EQ(t.references[0].name, "naive-py");
  EXPECT_EQ(t.references[0].rank, 0);
  EXPECT_EQ(t.references[2].language, "cpp");
  EXPECT_EQ(t.best_reference().name, "fast-py");  // first of the highest tier
  EXPECT_EQ(t.manifest_sha1.size(), 40u);
}

TEST(TaskLoad, FunctionTaskFields) {
  const Task t = load_task(fixture("good/pair-sum-fn"));
  EXPECT_EQ(t.kind, TaskKind::Function);
  EXPECT_EQ(to_string(t.kind), "function");
  EXPECT_EQ(t.entry_point, "has_pair");
  EXPECT_NE(t.prompt.find("def has_pair(nums, target):"), std::string::npos);
  EXPECT_EQ(t.languages, std::vector<std::string>{"python"});
  EXPECT_EQ(t.aliases, std::vector<std::string>{"Fixture/1"});
  EXPECT_EQ(t.checker.type, CheckerType::Exact);
  ASSERT_EQ(t.tests.size(), 2u);
  EXPECT_EQ(t.tests[0].name, "no");
  EXPECT_FALSE(t.tests[0].expected.has_value());  // no "expected": from the best reference
  ASSERT_TRUE(t.tests[1].expected.has_value());
  EXPECT_EQ(t.references[0].name, "naive");  // name defaults to the file's stem
}

TEST(TaskLoad, MalformedTomlNamesFileAndLine) {
  const std::string err = load_error(fixture("broken/malformed-toml"));
  EXPECT_NE(err.find("malformed-toml/task.toml:4:"), std::string::npos) << err;
}

TEST(TaskLoad, MissingFileNamesFileAndLine) {
  const std::string err = load_error(fixture("broken/missing-file"));
  EXPECT_NE(err.find("missing-file/task.toml:38:"), std::string::npos) << err;
  EXPECT_NE(err.find("ref/faster.cpp"), std::string::npos) << err;
}

TEST(TaskLoad, MissingDirectoryIsAnError) {
  const std::string err = load_error(fixture("no-such-task"));
  EXPECT_NE(err.find("no-such-task/task.toml: no such file"), std::string::npos) << err;
}

TEST(TaskLoad, SuiteReportsEverySchemaError) {
  TempDir tmp;
  copy_fixture("broken/bad-schema", tmp.path(), "bad-schema");
  const LoadReport r = load_suite(tmp.path());
  EXPECT_TRUE(r.tasks.empty());
  const auto& e = r.errors;
  EXPECT_TRUE(any_contains(e, "task.toml:1: id 'Bad Schema!' must match")) << e.size();
  EXPECT_TRUE(any_contains(e, "task.toml:3: kind must be 'program' or 'function'"));
  EXPECT_TRUE(any_contains(e, "task.toml:4: unknown key 'colour'"));
  EXPECT_TRUE(any_contains(e, "task.toml:7: limits.cpu_seconds must be positive"));
  EXPECT_TRUE(any_contains(e, "task.toml:10: checker type must be"));
  EXPECT_TRUE(any_contains(e, "task.toml:14: reference level must be naive, good or expert"));
}

TEST(TaskLoad, SuiteCollectsErrorsOfAllTasksAndKeepsGoodOnes) {
  const LoadReport r = load_suite(fixture(""));
  EXPECT_TRUE(any_contains(r.errors, "malformed-toml/task.toml:4:"));
  EXPECT_TRUE(any_contains(r.errors, "missing-file/task.toml:38:"));
  EXPECT_TRUE(any_contains(r.errors, "bad-schema/task.toml:"));
  std::vector<std::string> ids;
  for (const auto& t : r.tasks) ids.push_back(t.id);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_NE(std::find(ids.begin(), ids.end(), "pair-products"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "pair-sum-fn"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "inverted-ladder"), ids.end());
}

TEST(TaskLoad, DuplicateIdsAndAliasesAreErrors) {
  TempDir tmp;
  copy_fixture("good/pair-sum-fn", tmp.path(), "a");
  copy_fixture("good/pair-sum-fn", tmp.path(), "b");
  const LoadReport r = load_suite(tmp.path());
  EXPECT_EQ(r.tasks.size(), 1u);
  EXPECT_TRUE(
      any_contains(r.errors, "b/task.toml:1: task id or alias 'pair-sum-fn' is already used"));
  EXPECT_TRUE(any_contains(r.errors, "alias 'Fixture/1' is already used"));
}

TEST(TaskLoad, FunctionTaskNeedsEntryPointAndPythonReferences) {
  TempDir tmp;
  const auto dir = copy_fixture("good/pair-sum-fn", tmp.path(), "t");
  std::string toml = testing::slurp(dir / "task.toml");
  toml.replace(toml.find("entry_point = \"has_pair\"\n"), 24, "");
  toml.replace(toml.find("ref/fast.py"), 11, "ref/fast.cpp");
  write(dir / "task.toml", toml);
  write(dir / "ref/fast.cpp", "int main() {}\n");
  const LoadReport r = load_suite(tmp.path());
  EXPECT_TRUE(any_contains(r.errors, "missing key 'entry_point'"));
  EXPECT_TRUE(any_contains(r.errors, "function task references must be Python"));
}

TEST(TaskLoad, ProgramCheckerNeedsItsFile) {
  TempDir tmp;
  const auto dir = copy_fixture("good/pair-products", tmp.path(), "t");
  std::string toml = testing::slurp(dir / "task.toml");
  toml.replace(toml.find("type = \"tokens\""), 15, "type = \"program\"");
  write(dir / "task.toml", toml);
  const LoadReport r = load_suite(tmp.path());
  EXPECT_TRUE(any_contains(r.errors, "task.toml:11: checker type 'program' needs 'file'"));
}

TEST(TaskLoad, OrphanTestOutputAndBadFunctionTestAreErrors) {
  TempDir tmp;
  const auto p = copy_fixture("good/pair-products", tmp.path(), "p");
  write(p / "tests/lonely.out", "1\n");
  const auto f = copy_fixture("good/pair-sum-fn", tmp.path(), "f");
  write(f / "tests/broken.json", "[1, 2]");
  std::string toml = testing::slurp(f / "task.toml");
  toml.replace(toml.find("pair-sum-fn"), 11, "pair-sum-f2");
  toml.replace(toml.find("Fixture/1"), 9, "Fixture/2");
  write(f / "task.toml", toml);
  const LoadReport r = load_suite(tmp.path());
  EXPECT_TRUE(any_contains(r.errors, "lonely.out has no matching .in"));
  EXPECT_TRUE(any_contains(r.errors, "broken.json: must be a JSON object"));
}

TEST(TaskLoad, ManifestHashCoversNamedFiles) {
  TempDir tmp;
  const auto dir = copy_fixture("good/pair-products", tmp.path(), "t");
  const std::string before = load_task(dir).manifest_sha1;
  EXPECT_EQ(load_task(dir).manifest_sha1, before);
  write(dir / "ref/fast.py", testing::slurp(dir / "ref/fast.py") + "# edited\n");
  const std::string after_ref = load_task(dir).manifest_sha1;
  EXPECT_NE(after_ref, before);
  write(dir / "tests/small.out", "12\n");
  EXPECT_NE(load_task(dir).manifest_sha1, after_ref);
}

// The fixture function task with its task.toml edited by `edit` (old text -> new text).
std::filesystem::path edited_fn(const TempDir& tmp, std::string_view from, std::string_view to) {
  const auto dir = copy_fixture("good/pair-sum-fn", tmp.path(), "t");
  std::string toml = testing::slurp(dir / "task.toml");
  const auto at = toml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) toml.replace(at, from.size(), to);
  write(dir / "task.toml", toml);
  return dir;
}

TEST(TaskLoad, ClassMethodEntryPoint) {
  TempDir tmp;
  const auto dir =
      edited_fn(tmp, "entry_point = \"has_pair\"", "entry_point = \"Solution.hasPair\"");
  EXPECT_EQ(load_task(dir).entry_point, "Solution.hasPair");
  TempDir tmp2;
  const auto bad = edited_fn(tmp2, "entry_point = \"has_pair\"", "entry_point = \"A.b.c\"");
  EXPECT_NE(load_error(bad).find("task.toml:6: entry_point 'A.b.c' is not a Python identifier or "
                                 "Class.method"),
            std::string::npos)
      << load_error(bad);
}

TEST(TaskLoad, PythonSettingsAreLoadedAndHashed) {
  TempDir a, b, c;
  const auto plain = edited_fn(a, "[limits]", "[limits]");
  const auto deep = edited_fn(b, "[limits]", "[python]\nrecursion_limit = 200000\n[limits]");
  const auto both = edited_fn(c, "[limits]",
                              "[python]\nrecursion_limit = 300000\nint_max_str_digits = 0\n"
                              "[limits]");
  const Task tp = load_task(plain), td = load_task(deep), tb = load_task(both);
  EXPECT_FALSE(tp.python.any());
  EXPECT_EQ(td.python.recursion_limit, 200000);
  EXPECT_FALSE(td.python.int_max_str_digits.has_value());
  EXPECT_EQ(tb.python.int_max_str_digits, 0);
  EXPECT_EQ(tb.python.driver_args(),
            (std::vector<std::string>{"--recursion-limit", "300000", "--int-max-str-digits", "0"}));
  EXPECT_NE(tp.manifest_sha1, td.manifest_sha1);
  EXPECT_NE(td.manifest_sha1, tb.manifest_sha1);
}

TEST(TaskLoad, BadPythonSettingsNameTheFileAndKey) {
  TempDir tmp;
  const auto dir = edited_fn(tmp, "[limits]",
                             "[python]\nrecursion_limit = \"deep\"\nint_max_str_digits = 5\n"
                             "stack = 1\n[limits]");
  const LoadReport r = load_suite(tmp.path());
  EXPECT_TRUE(r.tasks.empty());
  const auto line_of = [&](std::string_view key) {
    const std::string toml = testing::slurp(dir / "task.toml");
    return std::count(toml.begin(), toml.begin() + toml.find(key), '\n') + 1;
  };
  EXPECT_TRUE(any_contains(r.errors, fmt::format("task.toml:{}: python.recursion_limit must be an "
                                                 "integer from 100 to 100000000",
                                                 line_of("recursion_limit"))));
  EXPECT_TRUE(any_contains(r.errors, fmt::format("task.toml:{}: python.int_max_str_digits must "
                                                 "be 0 (no limit) or an integer from 640",
                                                 line_of("int_max_str_digits"))));
  EXPECT_TRUE(any_contains(r.errors, "unknown key 'stack' in [python]"));
  TempDir tmp2;
  edited_fn(tmp2, "[limits]", "python = 3\n[limits]");
  EXPECT_TRUE(any_contains(load_suite(tmp2.path()).errors, "[python] must be a table"));
}

TEST(TaskLoad, ProgramTasksTakeAPrompt) {
  TempDir tmp;
  const auto dir = copy_fixture("good/pair-products", tmp.path(), "t");
  write(dir / "prompt.py", "import sys\n\ndef main():\n");
  std::string toml = testing::slurp(dir / "task.toml");
  toml.insert(toml.find("\n[") + 1, "prompt = \"prompt.py\"\n");
  write(dir / "task.toml", toml);
  const Task t = load_task(dir);
  EXPECT_EQ(t.prompt, "import sys\n\ndef main():\n");
  write(dir / "task.toml", std::string(toml).replace(toml.find("prompt.py"), 9, "nope.py"));
  EXPECT_NE(load_error(dir).find("prompt 'nope.py' does not exist"), std::string::npos);
}

}  // namespace
}  // namespace pj::harness
