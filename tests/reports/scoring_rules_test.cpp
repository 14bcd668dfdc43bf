// The rules every efficiency score shares (README "Leaderboard columns"): a wrong answer or
// crash on a stress input fails the sample; the best reference is the cheapest in the sample's
// language; COFFE sums over every stress test; instructions that were never recorded are an
// error, not a column of unavailable scores.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "fixture.hpp"
#include "real_run.hpp"
#include "reports/format.hpp"
#include "reports/leaderboard.hpp"
#include "reports/load.hpp"

namespace pj::reports {
namespace {

const Score& metric(const Leaderboard& lb, const std::string& model, const std::string& name) {
  for (const auto& r : lb.rows) {
    if (r.model != model) continue;
    if (const auto* s = r.find(name)) return *s;
  }
  throw std::runtime_error("no " + name + " for " + model);
}

double value(const Leaderboard& lb, const std::string& model, const std::string& name) {
  const auto& s = metric(lb, model, name);
  if (!s.value) throw std::runtime_error(name + " unavailable: " + s.unavailable);
  return *s.value;
}

// Task "t", levels 0 (hardness 1) and 1 (hardness 3), one seed each; one reference at 0.01 s
// and 1.0 s. Model "good": one sample as fast as the reference. Model "bad": one sample that
// passed every correctness test and is twice as fast on level 0, then printed `verdict` on
// level 1 (a WA or an RE); `bad_l1` its level 1 cost when it "finished" (with a wrong answer
// the harness stores no cost).
void build_stress_failure(const std::filesystem::path& db, const std::string& verdict) {
  test::FixtureDb f(db);
  const auto run = f.add_run(R"({"cost":"cpu_time"})");
  f.add_task(run, "t", {{0, 1, {1}}, {1, 3, {1}}});
  const auto ref = f.add_reference(run, "t", "ref", "expert", 1);
  f.add_stress(ref, 0, 1, 0.01);
  f.add_stress(ref, 1, 1, 1.0);
  const auto good = f.add_sample(run, "t", "good", "g0");
  f.add_result(good, "OK", true);
  f.add_stress(good, 0, 1, 0.01);
  f.add_stress(good, 1, 1, 1.0);
  const auto bad = f.add_sample(run, "t", "bad", "b0");
  f.add_result(bad, "OK", true);
  f.add_stress(bad, 0, 1, 0.005);
  f.add_stress(bad, 1, 1, std::nullopt, verdict);
}

class StressFailure : public ::testing::TestWithParam<std::string> {};

TEST_P(StressFailure, FailsTheSampleForEveryMetric) {
  TempDir dir("pj-stressfail");
  const auto db = dir.path() / "s.db";
  build_stress_failure(db, GetParam());
  const auto ds = load(db);
  const auto lb = compute_leaderboard(ds);
  EXPECT_DOUBLE_EQ(value(lb, "good", "pass@1"), 1.0);
  EXPECT_DOUBLE_EQ(value(lb, "bad", "pass@1"), 0.0);
  // Every level 0, not only level 1: level 0 alone would give 1/4 of the hardness weight.
  EXPECT_DOUBLE_EQ(value(lb, "bad", "eff@1"), 0.0);
  EXPECT_DOUBLE_EQ(value(lb, "bad", "efficient@1"), 0.0);
  EXPECT_DOUBLE_EQ(value(lb, "bad", "pie_correct@1"), 0.0);
  // Incorrect: no cost anywhere, so the cost-based scores have no correct sample to read.
  for (const auto* name : {"coffe_speedup", "cost_ratio", "net", "dps"}) {
    EXPECT_FALSE(metric(lb, "bad", name).value) << name;
  }
  ASSERT_EQ(lb.tasks.size(), 1u);
  for (const auto& m : lb.tasks[0].models) {
    if (m.model == "bad") {
      EXPECT_EQ(m.correct, 0);
    }
  }
  // report --task says why.
  const auto text = format_task_text(ds, lb, "t");
  EXPECT_NE(
      text.find("passed the correctness tests, then " + GetParam() + " on stress level 1 seed 1"),
      std::string::npos)
      << text;
  const auto j = task_to_json(ds, lb, "t");
  bool seen = false;
  for (const auto& p : j["programs"]) {
    if (p["sample_id"] != "b0") continue;
    seen = true;
    EXPECT_FALSE(p["passed"].get<bool>());
    EXPECT_EQ(p["failed_stress"], GetParam() + " on stress level 1 seed 1");
  }
  EXPECT_TRUE(seen);
}

INSTANTIATE_TEST_SUITE_P(WrongAnswerAndCrash, StressFailure, ::testing::Values("WA", "RE"));

TEST(StressCensoring, TimeoutIsCensoringNotAFailure) {
  TempDir dir("pj-stressfail");
  const auto db = dir.path() / "s.db";
  {
    test::FixtureDb f(db);
    const auto run = f.add_run(R"({"cost":"cpu_time"})");
    f.add_task(run, "t", {{0, 1, {1}}, {1, 3, {1}}});
    const auto ref = f.add_reference(run, "t", "ref", "expert", 1);
    f.add_stress(ref, 0, 1, 0.01);
    f.add_stress(ref, 1, 1, 1.0);
    const auto s = f.add_sample(run, "t", "slow", "s0");
    f.add_result(s, "OK", true);
    f.add_stress(s, 0, 1, 0.01);
    f.add_stress(s, 1, 1, std::nullopt, "TLE", true);
  }
  const auto lb = compute_leaderboard(load(db));
  EXPECT_DOUBLE_EQ(value(lb, "slow", "pass@1"), 1.0);
  EXPECT_DOUBLE_EQ(value(lb, "slow", "eff@1"), 0.25);  // level 0 scores 1, weight 1 of 4
}

// Task "t", one level; references: C++ "cpp-fast" 0.1 s (rank 1) and "cpp-slow" 0.4 s
// (rank 2: the top tier, yet not the cheapest), Python "py-ref" 2.0 s. Samples of model "m":
// "c" in C++ at 0.2 s, "p" in Python at 1.0 s.
void build_languages(const std::filesystem::path& db, bool with_python_ref) {
  test::FixtureDb f(db);
  const auto run = f.add_run(R"({"cost":"cpu_time"})");
  f.add_task(run, "t", {{0, 1, {1}}});
  const auto fast = f.add_reference(run, "t", "cpp-fast", "good", 1, "cpp");
  f.add_stress(fast, 0, 1, 0.1);
  const auto top = f.add_reference(run, "t", "cpp-slow", "expert", 2, "cpp");
  f.add_stress(top, 0, 1, 0.4);
  if (with_python_ref) {
    const auto py = f.add_reference(run, "t", "py-ref", "expert", 2, "python");
    f.add_stress(py, 0, 1, 2.0);
  }
  const auto c = f.add_sample(run, "t", "m", "c", "int main(){}", "cpp");
  f.add_result(c, "OK", true);
  f.add_stress(c, 0, 1, 0.2);
  const auto p = f.add_sample(run, "t", "m", "p", "print()", "python");
  f.add_result(p, "OK", true);
  f.add_stress(p, 0, 1, 1.0);
}

TEST(BestReference, IsTheCheapestInTheSamplesLanguage) {
  TempDir dir("pj-bestref");
  const auto db = dir.path() / "l.db";
  build_languages(db, true);
  const auto lb = compute_leaderboard(load(db));
  // c / cpp-fast = 2 (not c / cpp-slow = 0.5, the top tier's first); p / py-ref = 0.5.
  EXPECT_NEAR(value(lb, "m", "cost_ratio"), std::sqrt(2.0 * 0.5), 1e-12);
  // Only p is cheaper than its best reference.
  EXPECT_DOUBLE_EQ(value(lb, "m", "efficient@1"), 0.5);
  // COFFE: (0.1 + 2.0) / (0.2 + 1.0).
  EXPECT_NEAR(value(lb, "m", "coffe_speedup"), 2.1 / 1.2, 1e-12);
  EXPECT_TRUE(lb.notes.empty());
}

TEST(BestReference, FallsBackToAnyLanguageWithANote) {
  TempDir dir("pj-bestref");
  const auto db = dir.path() / "l.db";
  build_languages(db, false);
  const auto ds = load(db);
  const auto lb = compute_leaderboard(ds);
  // Both against cpp-fast: 0.2 / 0.1 and 1.0 / 0.1.
  EXPECT_NEAR(value(lb, "m", "cost_ratio"), std::sqrt(2.0 * 10.0), 1e-12);
  ASSERT_EQ(lb.notes.size(), 1u);
  EXPECT_NE(lb.notes[0].find("task t: no python reference"), std::string::npos) << lb.notes[0];
  EXPECT_NE(lb.notes[0].find("(cpp-fast, cpp)"), std::string::npos) << lb.notes[0];
  const auto text = format_text(ds, lb);
  EXPECT_NE(text.find("task t: no python reference"), std::string::npos) << text;
}

TEST(BestReference, AnyLanguageComparesAcrossLanguages) {
  TempDir dir("pj-bestref");
  const auto db = dir.path() / "l.db";
  build_languages(db, true);
  LeaderboardOptions opt;
  opt.any_reference_language = true;
  const auto lb = compute_leaderboard(load(db), opt);
  // Both against cpp-fast, the cheapest of all three.
  EXPECT_NEAR(value(lb, "m", "cost_ratio"), std::sqrt(2.0 * 10.0), 1e-12);
  EXPECT_DOUBLE_EQ(value(lb, "m", "efficient@1"), 0.0);
  EXPECT_TRUE(lb.notes.empty());
  std::string out, err;
  EXPECT_EQ(test::run_cli(
                {"report", "--db", db.string(), "--reference-language", "any", "--format", "json"},
                &out, &err),
            0)
      << err;
  EXPECT_NE(out.find("\"cost_ratio\""), std::string::npos);
  EXPECT_EQ(
      test::run_cli({"report", "--db", db.string(), "--reference-language", "rust"}, nullptr, &err),
      2);
  EXPECT_NE(err.find("--reference-language"), std::string::npos) << err;
}

TEST(Coffe, SumsOverEveryStressTestNotOnlyTheScoringLevel) {
  // On the scoring level (1) the sample ties the reference (not strictly cheaper); over both
  // levels it is cheaper, because it is ten times faster on level 0.
  TempDir dir("pj-coffe");
  const auto db = dir.path() / "c.db";
  {
    test::FixtureDb f(db);
    const auto run = f.add_run(R"({"cost":"cpu_time"})");
    f.add_task(run, "t", {{0, 1, {1, 2}}, {1, 3, {1}}});
    const auto ref = f.add_reference(run, "t", "ref", "expert", 1);
    f.add_stress(ref, 0, 1, 0.5);
    f.add_stress(ref, 0, 2, 0.5);
    f.add_stress(ref, 1, 1, 1.0);
    const auto s = f.add_sample(run, "t", "m", "s");
    f.add_result(s, "OK", true);
    f.add_stress(s, 0, 1, 0.05);
    f.add_stress(s, 0, 2, 0.05);
    f.add_stress(s, 1, 1, 1.0);
  }
  const auto lb = compute_leaderboard(load(db));
  EXPECT_DOUBLE_EQ(value(lb, "m", "efficient@1"), 1.0);
  EXPECT_NEAR(value(lb, "m", "coffe_speedup"), 2.0 / 1.1, 1e-12);
  EXPECT_DOUBLE_EQ(value(lb, "m", "cost_ratio"), 1.0);  // the scoring level only
}

TEST(Cost, InstructionsOnARunWithoutCountsIsOneErrorAndExitTwo) {
  TempDir dir("pj-cost");
  const auto db = dir.path() / "i.db";
  build_languages(db, true);
  LeaderboardOptions opt;
  opt.cost = Cost::Instructions;
  try {
    compute_leaderboard(load(db), opt);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(e.what()).find("recorded no instruction counts"), std::string::npos)
        << e.what();
  }
  std::string out, err;
  EXPECT_EQ(test::run_cli({"report", "--db", db.string(), "--cost", "instructions"}, &out, &err),
            2);
  EXPECT_TRUE(out.empty()) << out;
  EXPECT_EQ(err.rfind("perfjudge: error: ", 0), 0u) << err;
  EXPECT_NE(err.find("recorded no instruction counts"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), err.size() - 1) << "one line expected: " << err;
  // The run's own cost still reports.
  EXPECT_EQ(test::run_cli({"report", "--db", db.string()}, &out, &err), 0) << err;
}

}  // namespace
}  // namespace pj::reports
