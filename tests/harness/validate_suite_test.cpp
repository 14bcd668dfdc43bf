#include <gtest/gtest.h>

#include <algorithm>

#include "core/temp_dir.hpp"
#include "harness/task/validate.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

using testing::fixture;

bool any_contains(const std::vector<std::string>& v, std::string_view needle) {
  return std::any_of(v.begin(), v.end(),
                     [&](const std::string& s) { return s.find(needle) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

class ValidateTest : public ::testing::Test {
 protected:
  ValidateOptions options() {
    ValidateOptions o;
    o.cost = Cost::CpuTime;
    o.quick = true;
    o.cache_dir = cache_.path();
    o.jobs = 2;
    return o;
  }
  TempDir cache_;
};

TEST_F(ValidateTest, GoodTasksAreClean) {
  const ValidateReport r = validate_suite(fixture("good"), options());
  EXPECT_TRUE(r.ok()) << joined(r.errors);
  EXPECT_EQ(r.tasks, 2u);
  EXPECT_EQ(r.cost, Cost::CpuTime);
  EXPECT_TRUE(any_contains(r.notes, "pair-products: cpu_time on level 1: naive-py="))
      << joined(r.notes);
}

TEST_F(ValidateTest, EveryBrokenTaskIsReportedOnOneLine) {
  const ValidateReport r = validate_suite(fixture("broken"), options());
  const auto& e = r.errors;
  EXPECT_TRUE(any_contains(e, "malformed-toml/task.toml:4:")) << joined(e);
  EXPECT_TRUE(any_contains(e, "missing-file/task.toml:38: file 'ref/faster.cpp' does not exist"));
  EXPECT_TRUE(any_contains(e, "bad-schema/task.toml:3: kind must be"));
  EXPECT_TRUE(any_contains(e, "crashing-generator: ") && any_contains(e, "generator exploded"));
  EXPECT_TRUE(any_contains(e, "nondeterministic-generator/gen.py: not deterministic"));
  EXPECT_TRUE(any_contains(
      e, "failing-reference/ref/fast.py: test single: wrong answer: token 1: expected 0, got 5"));
  EXPECT_TRUE(any_contains(e,
                           "inverted-ladder/ref/fast.py: ladder: naive-py (naive) is not slower "
                           "than fast-py (expert) on level 1"));
  for (const auto& line : e) EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  // The naive reference of failing-reference is fine: only the broken one is named.
  EXPECT_FALSE(any_contains(e, "failing-reference/ref/naive.py"));
}

TEST_F(ValidateTest, MinRatioTightensTheLadder) {
  ValidateOptions o = options();
  o.min_ratio = 1e9;
  const ValidateReport r = validate_suite(fixture("good/pair-products"), o);
  EXPECT_TRUE(
      any_contains(r.errors, "ref/naive.py: ladder: naive-py (naive) is not 1000000000x slower"))
      << joined(r.errors);
}

TEST_F(ValidateTest, CheckerRejectingTheReferenceIsReported) {
  TempDir tmp;
  const auto dir = testing::copy_fixture("good/pair-products", tmp.path(), "t");
  std::string toml = testing::slurp(dir / "task.toml");
  toml.replace(toml.find("type = \"tokens\""), 15, "type = \"program\"\nfile = \"check.py\"");
  testing::write(dir / "task.toml", toml);
  testing::write(dir / "check.py", "import sys\nprint('never happy')\nsys.exit(1)\n");
  const ValidateReport r = validate_suite(dir, options());
  EXPECT_TRUE(any_contains(r.errors, "t/ref/naive.py: test single: wrong answer: never happy"))
      << joined(r.errors);
  // Stress inputs have no other expected output than the best reference's own answer.
  for (const auto& f :
       {"tests/single.in", "tests/single.out", "tests/small.in", "tests/small.out"}) {
    std::filesystem::remove(dir / f);
  }
  const ValidateReport own = validate_suite(dir, options());
  EXPECT_TRUE(any_contains(own.errors,
                           "t/check.py: test gen-5-s7: the checker rejects the best "
                           "reference's own answer: never happy"))
      << joined(own.errors);
}

TEST_F(ValidateTest, FailingBestReferenceNamesTheInputsRecipeAndHasNoCostNote) {
  TempDir tmp;
  const auto dir = testing::copy_fixture("good/pair-products", tmp.path(), "t");
  // fast-py, the best reference, crashes on level 1's 1500 numbers only.
  const std::string fast = testing::slurp(dir / "ref" / "fast.py");
  testing::write(dir / "ref" / "fast.py",
                 fast + "if n > 100:\n    raise SystemExit('too many: ' + str(n))\n");
  const ValidateReport r = validate_suite(dir, options());
  const std::string e = joined(r.errors);
  EXPECT_TRUE(
      any_contains(r.errors, "pair-products: " + (dir / "ref" / "fast.py").string() +
                                 ": level 1 seed 1 (generator args [1500]; input: perfjudge tasks "
                                 "gen pair-products --level 1 --seed 1 --tasks " +
                                 tmp.path().string() + "): fails: "))
      << e;
  EXPECT_FALSE(any_contains(r.errors, cache_.path().string())) << e;  // no cache path
  EXPECT_FALSE(any_contains(r.errors, "ladder")) << e;
  // No cost of 0 for the failed reference (nor for the others, never measured on level 1).
  EXPECT_FALSE(any_contains(r.notes, "=0")) << joined(r.notes);
}

TEST_F(ValidateTest, AutoCostIsChosenForThisMachineWithANote) {
  const CostChoice c = choose_cost_for_machine(Cost::Auto);
  EXPECT_NE(c.cost, Cost::Auto);
  // Without a PMU (these machines) the note says how to get exact counts and what it costs.
  if (c.cost == Cost::CpuTime) {
    EXPECT_NE(c.note.find("valgrind"), std::string::npos) << c.note;
  }
  EXPECT_FALSE(c.note.empty());
  EXPECT_TRUE(choose_cost_for_machine(Cost::WallTime).note.empty());
  EXPECT_EQ(choose_cost_for_machine(Cost::WallTime).cost, Cost::WallTime);
}

}  // namespace
}  // namespace pj::harness
