#include <gtest/gtest.h>

#include "core/temp_dir.hpp"
#include "harness/lang/languages.hpp"
#include "harness/task/checker.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

class CheckerTest : public ::testing::Test {
 protected:
  CheckOutcome check(const Task& t, std::string_view expected, std::string_view actual) {
    testing::write(dir_.path() / "in", "");
    testing::write(dir_.path() / "exp", expected);
    testing::write(dir_.path() / "act", actual);
    Builder builder(dir_.path() / "builds");
    return check_output(t, builder, dir_.path() / "in", dir_.path() / "exp", dir_.path() / "act");
  }
  static Task task(TaskKind kind, CheckerType type) {
    Task t;
    t.kind = kind;
    t.checker.type = type;
    return t;
  }
  TempDir dir_;
};

TEST_F(CheckerTest, ExactComparesBytes) {
  const Task t = task(TaskKind::Program, CheckerType::Exact);
  EXPECT_EQ(check(t, "1 2\n", "1 2\n").verdict, CheckVerdict::Accepted);
  const auto o = check(t, "1 2\n", "1  2\n");
  EXPECT_EQ(o.verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(o.message, "outputs differ at byte 2 (expected 4 bytes, got 5)");
  EXPECT_EQ(check(t, "1\n", "1").verdict, CheckVerdict::WrongAnswer);
}

TEST_F(CheckerTest, TokensIgnoreWhitespace) {
  const Task t = task(TaskKind::Program, CheckerType::Tokens);
  EXPECT_EQ(check(t, "1 2\n3\n", "  1\t2 3").verdict, CheckVerdict::Accepted);
  const auto o = check(t, "1 2 3", "1 2 4");
  EXPECT_EQ(o.verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(o.message, "token 3: expected 3, got 4");
  EXPECT_EQ(check(t, "1 2", "1 2 3").message, "expected 2 tokens, got 3");
  EXPECT_EQ(check(t, "1 2", "").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "1.0", "1").verdict, CheckVerdict::WrongAnswer);  // tokens are not numbers
}

TEST_F(CheckerTest, FloatUsesAbsoluteOrRelativeTolerance) {
  Task t = task(TaskKind::Program, CheckerType::Float);
  t.checker.abs_tol = 1e-6;
  t.checker.rel_tol = 1e-9;
  EXPECT_EQ(check(t, "0.5 x 3", "0.5000004 x 3.0").verdict, CheckVerdict::Accepted);
  EXPECT_EQ(check(t, "0.5", "0.50001").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "1e12", "1000000000000.5").verdict, CheckVerdict::Accepted);  // relative
  EXPECT_EQ(check(t, "1e12", "1000000002000").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "x", "y").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "nan", "nan").verdict, CheckVerdict::Accepted);
  EXPECT_EQ(check(t, "1", "nan").verdict, CheckVerdict::WrongAnswer);
}

TEST_F(CheckerTest, FunctionTasksCompareJsonValues) {
  const Task t = task(TaskKind::Function, CheckerType::Exact);
  EXPECT_EQ(check(t, "{\"a\": [1, 2]}", "{ \"a\":[1,2] }\n").verdict, CheckVerdict::Accepted);
  EXPECT_EQ(check(t, "[1, 2]", "[2, 1]").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "true", "1").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "{\"$tuple\": [1]}", "[1]").verdict, CheckVerdict::WrongAnswer);
  const auto bad = check(t, "1", "not json\x01");
  EXPECT_EQ(bad.verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(bad.message, "output is not valid JSON: not json\\x01");
  EXPECT_EQ(check(t, "oops", "1").verdict, CheckVerdict::CheckerError);
}

TEST_F(CheckerTest, FunctionFloatComparesNumbersInsideJson) {
  Task t = task(TaskKind::Function, CheckerType::Float);
  t.checker.abs_tol = 1e-6;
  EXPECT_EQ(check(t, "[0.1, {\"x\": 2}]", "[0.1000001, {\"x\": 2.0000001}]").verdict,
            CheckVerdict::Accepted);
  EXPECT_EQ(check(t, "[0.1]", "[0.2]").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "[0.1]", "[0.1, 0.1]").verdict, CheckVerdict::WrongAnswer);
}

TEST_F(CheckerTest, LooseIgnoresWhitespaceAndSquareBrackets) {
  const Task t = task(TaskKind::Program, CheckerType::Loose);
  EXPECT_EQ(check(t, "[1, 2, 3]\n", "1,2,3").verdict, CheckVerdict::Accepted);
  EXPECT_EQ(check(t, "ab\ncd\n", "a b c d").verdict, CheckVerdict::Accepted);
  EXPECT_EQ(check(t, "[[1], [2]]", "1,2").verdict, CheckVerdict::Accepted);
  const auto o = check(t, "[1, 2]", "(1, 2)");
  EXPECT_EQ(o.verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(o.message,
            "outputs differ without whitespace and brackets at character 1: expected 1,2, got "
            "(1,2)");
  EXPECT_EQ(check(t, "1 2", "12 3").verdict, CheckVerdict::WrongAnswer);
}

TEST_F(CheckerTest, LooseOnFunctionTasksTakesTuplesAsLists) {
  const Task t = task(TaskKind::Function, CheckerType::Loose);
  EXPECT_EQ(check(t, "[1, [2, 3]]", "{\"$tuple\": [1, {\"$tuple\": [2, 3]}]}").verdict,
            CheckVerdict::Accepted);
  EXPECT_EQ(check(t, "[1, 2]", "[2, 1]").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "true", "1").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "{\"$set\": [1]}", "[1]").verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(check(t, "1", "nope").verdict, CheckVerdict::WrongAnswer);
}

TEST_F(CheckerTest, MessagesEscapeUntrustedOutput) {
  const Task t = task(TaskKind::Program, CheckerType::Tokens);
  const auto o = check(t, "ok", "\x1b[31mred");
  EXPECT_EQ(o.verdict, CheckVerdict::WrongAnswer);
  EXPECT_EQ(o.message.find('\x1b'), std::string::npos) << o.message;
}

}  // namespace
}  // namespace pj::harness
