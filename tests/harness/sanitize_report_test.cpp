// What sanitize() records about its work: the report stored as programs.sanitize_json.
#include <gtest/gtest.h>

#include <string>

#include "harness/samples/sanitize.hpp"
#include "task_test_util.hpp"

namespace {

using nlohmann::json;
using pj::harness::sanitize;
using pj::harness::Task;
using pj::harness::TaskKind;

Task function_task(std::string entry) {
  return pj::harness::testing::python_function_task(std::move(entry));
}

Task program_task(std::vector<std::string> languages) {
  Task t;
  t.id = "p";
  t.kind = TaskKind::Program;
  t.languages = std::move(languages);
  return t;
}

bool has_note(const json& report, std::string_view part) {
  for (const auto& note : report["notes"]) {
    if (note.get<std::string>().find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(SanitizeReport, LinesRemovedAreResponseLines) {
  const std::string response =
      "Intro\n"             // 1
      "```python\n"         // 2
      "def f(x):\n"         // 3
      "    return x + 1\n"  // 4
      "\n"                  // 5
      "# try it\n"          // 6
      "print(f(1))\n"       // 7
      "assert f(2) == 3\n"  // 8
      "```\n";              // 9
  const auto r = sanitize(response, function_task("f"), std::nullopt);
  ASSERT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.program, "def f(x):\n    return x + 1\n");
  EXPECT_EQ(r.report["blocks_found"], 1);
  EXPECT_EQ(r.report["block_chosen"], 1);
  EXPECT_EQ(r.report["language"], "python");
  EXPECT_EQ(r.report["lines_removed"], json({6, 7, 8}));
  EXPECT_EQ(r.report["kept_defs"], json({"f"}));
  EXPECT_TRUE(has_note(r.report, "line 8: dropped top-level assert"));
  EXPECT_EQ(r.report["blocks"][0]["first_line"], 2);
}

TEST(SanitizeReport, MergedHelpersNameTheirBlock) {
  const std::string response =
      "```python\nimport math\n\ndef area(r):\n    return math.pi * r * r\n```\n"
      "```python\ndef total_area(rs):\n    return sum(area(r) for r in rs)\n```\n";
  const auto r = sanitize(response, function_task("total_area"), std::nullopt);
  ASSERT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.report["block_chosen"], 2);
  ASSERT_EQ(r.report["merged"].size(), 2u);
  for (const auto& m : r.report["merged"]) EXPECT_EQ(m["block"], 1);
  EXPECT_NE(r.program.find("import math"), std::string::npos);
  EXPECT_LT(r.program.find("def area"), r.program.find("def total_area"));
}

TEST(SanitizeReport, LastDefinitionWinsIsNoted) {
  const std::string response = "```python\ndef g():\n    return 1\n\ndef g():\n    return 2\n```\n";
  const auto r = sanitize(response, function_task("g"), std::nullopt);
  ASSERT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.program, "def g():\n    return 2\n");
  EXPECT_EQ(r.report["lines_removed"], json({2, 3}));
  EXPECT_TRUE(has_note(r.report, "the last one wins"));
}

TEST(SanitizeReport, TruncationIsNoted) {
  const auto r =
      sanitize("```python\ndef h(a):\n    return a\n\nprint(h(", function_task("h"), std::nullopt);
  ASSERT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.program, "def h(a):\n    return a\n");
  EXPECT_EQ(r.report["blocks"][0]["closed"], false);
  EXPECT_TRUE(has_note(r.report, "the fence never closed"));
  EXPECT_TRUE(has_note(r.report, "truncated block"));
}

TEST(SanitizeReport, NoCodeHasReasonAndNullChoice) {
  const auto r = sanitize("```python\nprint(1)\n```\n", function_task("missing"), std::nullopt);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.program.empty());
  EXPECT_NE(r.reason.find("`missing`"), std::string::npos);
  EXPECT_TRUE(r.report["block_chosen"].is_null());
  EXPECT_TRUE(r.report["language"].is_null());
  EXPECT_EQ(r.report["reason"], r.reason);
}

TEST(SanitizeReport, HintRestrictsProgramChoice) {
  const std::string response =
      "```cpp\n#include <cstdio>\nint main(){int a;scanf(\"%d\",&a);printf(\"%d\",a);}\n```\n"
      "```python\nprint(int(input()))\n```\n";
  EXPECT_EQ(sanitize(response, program_task({"cpp", "python"}), "py").language, "python");
  EXPECT_EQ(sanitize(response, program_task({"cpp", "python"}), "cpp").language, "cpp");
}

TEST(SanitizeReport, UntaggedUnrecognisedFenceUsesHint) {
  // Nothing characteristic in the block, so its language comes from the sample's field.
  const std::string response = "```\nmain = do\n  interact id\n```\n";
  const auto r = sanitize(response, program_task({"cpp"}), "cpp");
  EXPECT_TRUE(has_note(r.report, "assumed cpp"));
  EXPECT_FALSE(r.ok);  // and it is still no C++ program: no main
  EXPECT_NE(r.reason.find("no complete program"), std::string::npos);
}

TEST(SanitizeReport, ProsePrefixedUnfencedProgramRecordsRemovedLines) {
  const std::string response = "My answer:\nint main() { return 0; }\nDone.\n";
  const auto r = sanitize(response, program_task({"cpp"}), std::nullopt);
  ASSERT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.program, "int main() { return 0; }\n");
  EXPECT_EQ(r.report["lines_removed"], json({1, 3}));
}

}  // namespace
