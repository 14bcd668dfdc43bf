#include <gtest/gtest.h>

#include "harness/samples/sanitize.hpp"
#include "harness/samples/sanitize_detail.hpp"

namespace {

using pj::harness::extract_blocks;
using pj::harness::detail::detect_language;
using pj::harness::detail::looks_like_program;
using pj::harness::detail::normalise_fence_tag;

TEST(SanitizeFences, FindsSeveralBlocksWithTagsAndLines) {
  const auto blocks = extract_blocks("intro\n```python\nx = 1\n```\ntext\n```cpp\nint a;\n```\n");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].language, "python");
  EXPECT_EQ(blocks[0].code, "x = 1\n");
  EXPECT_EQ(blocks[0].first_line, 2);
  EXPECT_TRUE(blocks[0].closed);
  EXPECT_TRUE(blocks[0].fenced);
  EXPECT_EQ(blocks[1].language, "cpp");
  EXPECT_EQ(blocks[1].code, "int a;\n");
  EXPECT_EQ(blocks[1].first_line, 6);
}

TEST(SanitizeFences, TildeFencesAndLongerFences) {
  auto blocks = extract_blocks("~~~py\na\n```\nb\n~~~\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].language, "python");
  EXPECT_EQ(blocks[0].code, "a\n```\nb\n");  // a backtick line does not close a tilde fence

  blocks = extract_blocks("````markdown\n```python\nx\n```\n````\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].code, "```python\nx\n```\n");
}

TEST(SanitizeFences, UnclosedLastFenceIsTruncated) {
  const auto blocks = extract_blocks("```js\nconsole.log(1)\nlet x =");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_FALSE(blocks[0].closed);
  EXPECT_EQ(blocks[0].language, "javascript");
  EXPECT_EQ(blocks[0].code, "console.log(1)\nlet x =\n");
}

TEST(SanitizeFences, IndentedFenceIsDedented) {
  const auto blocks =
      extract_blocks("1. step\n   ```python\n   def f():\n       return 1\n   ```\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].code, "def f():\n    return 1\n");
}

TEST(SanitizeFences, NoFenceIsOneUnfencedBlock) {
  const auto blocks = extract_blocks("def f():\n    return 1\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_FALSE(blocks[0].fenced);
  EXPECT_EQ(blocks[0].language, "");
  EXPECT_EQ(blocks[0].first_line, 1);
  EXPECT_EQ(blocks[0].code, "def f():\n    return 1\n");
}

TEST(SanitizeFences, EmptyAndBlankResponsesHaveNoBlock) {
  EXPECT_TRUE(extract_blocks("").empty());
  EXPECT_TRUE(extract_blocks(" \n\t\r\n").empty());
}

TEST(SanitizeFences, InlineTripleBackticksAreNotFences) {
  const auto blocks = extract_blocks("Wrap code in ```python``` fences.\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_FALSE(blocks[0].fenced);
}

TEST(SanitizeFences, FenceOpenedAfterProseOnTheSameLine) {
  auto blocks = extract_blocks("Sure! ```cpp\nint main() {}\n```\nDone.\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].language, "cpp");
  EXPECT_EQ(blocks[0].code, "int main() {}\n");
  EXPECT_TRUE(blocks[0].closed);

  blocks = extract_blocks("Here it is: ```\nx = 1\n```\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].code, "x = 1\n");

  // Prose that only mentions a fence, or tags it with words, opens nothing.
  blocks = extract_blocks("Use ``` to open a fence.\nx = 1\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_FALSE(blocks[0].fenced);
  blocks = extract_blocks("Wrap it in ```some words\nx = 1\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_FALSE(blocks[0].fenced);
  blocks = extract_blocks("Inline code looks like ```python```\nx = 1\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_FALSE(blocks[0].fenced);
}

TEST(SanitizeFences, StrayClosingFenceAfterUnfencedCodeKeepsTheCode) {
  const auto blocks = extract_blocks("def f(x):\n    return x\n```\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_FALSE(blocks[0].fenced);
  EXPECT_EQ(blocks[0].code, "def f(x):\n    return x\n```\n");
}

// std::regex recurses per matched character: an unclipped line this long overflows the stack.
TEST(SanitizeDetect, HostileLongLinesDoNotCrash) {
  const std::string line = "print(" + std::string(2'000'000, 'a') + ")\n";
  EXPECT_EQ(detect_language(line), "");
  EXPECT_EQ(detect_language("def f(x):\n    return x\n" + line), "python");
  const std::string spaces = "public" + std::string(1'000'000, ' ') + "class Foo {}\n";
  EXPECT_NO_THROW(detect_language(spaces));
}

TEST(SanitizeFences, CrlfLineEndingsAreStripped) {
  const auto blocks = extract_blocks("```python\r\nx = 1\r\n```\r\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].code, "x = 1\n");
}

TEST(SanitizeFences, NormalisesTagAliases) {
  EXPECT_EQ(normalise_fence_tag("py"), "python");
  EXPECT_EQ(normalise_fence_tag("Python3"), "python");
  EXPECT_EQ(normalise_fence_tag("c++"), "cpp");
  EXPECT_EQ(normalise_fence_tag("CXX"), "cpp");
  EXPECT_EQ(normalise_fence_tag("cc"), "cpp");
  EXPECT_EQ(normalise_fence_tag("C"), "c");
  EXPECT_EQ(normalise_fence_tag("rs"), "rust");
  EXPECT_EQ(normalise_fence_tag("node"), "javascript");
  EXPECT_EQ(normalise_fence_tag("js"), "javascript");
  EXPECT_EQ(normalise_fence_tag("python title=\"sol.py\""), "python");
  EXPECT_EQ(normalise_fence_tag("{.python}"), "python");
  EXPECT_EQ(normalise_fence_tag("language-rust"), "rust");
  EXPECT_EQ(normalise_fence_tag("Bash"), "bash");
  EXPECT_EQ(normalise_fence_tag(""), "");
}

TEST(SanitizeDetect, RecognisesEachLanguage) {
  EXPECT_EQ(detect_language("def f(x):\n    return x\n"), "python");
  EXPECT_EQ(detect_language("import sys\nprint(sys.argv)\n"), "python");
  EXPECT_EQ(detect_language("#include <iostream>\nint main() { std::cout << 1; }\n"), "cpp");
  EXPECT_EQ(detect_language("#include <stdio.h>\nint main(void) { printf(\"1\"); }\n"), "c");
  EXPECT_EQ(detect_language("fn main() {\n    let mut x = 1;\n}\n"), "rust");
  EXPECT_EQ(detect_language("import java.util.*;\npublic class Main {}\n"), "java");
  EXPECT_EQ(detect_language("const x = require('fs');\nconsole.log(x);\n"), "javascript");
}

TEST(SanitizeDetect, ProseIsNotCode) {
  EXPECT_EQ(detect_language("The function returns the sum.\nIt runs in linear time.\n"), "");
  EXPECT_EQ(detect_language("import the data first, then sort it\n"), "");
}

TEST(SanitizeDetect, ProgramsHaveAnEntry) {
  EXPECT_TRUE(looks_like_program("cpp", "int main() { return 0; }"));
  EXPECT_FALSE(looks_like_program("cpp", "int solve(int x) { return x; }"));
  EXPECT_TRUE(looks_like_program("rust", "fn main() {}"));
  EXPECT_TRUE(looks_like_program("java", "public static void main(String[] a) {}"));
  EXPECT_TRUE(looks_like_program("javascript", "const d = require('fs').readFileSync(0);"));
  EXPECT_FALSE(looks_like_program("javascript", "function f(x) { return x; }"));
  EXPECT_TRUE(looks_like_program("python", "n = int(input())\nprint(n)\n"));
  EXPECT_FALSE(looks_like_program("python", "def f(n):\n    return int(input())\n"));
  EXPECT_TRUE(looks_like_program(
      "python", "def main():\n    print(input())\n\nif __name__ == \"__main__\":\n    main()\n"));
}

}  // namespace
