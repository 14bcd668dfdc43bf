#include "reports/gate.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace pj::reports {
namespace {

// Deterministic jitter around `center`: +-2% in a fixed pattern, as repeated timings look.
std::vector<double> noisy(double center, std::size_t n, int phase = 0) {
  static const double pattern[] = {0.0,    0.013, -0.017, 0.006, -0.004, 0.019,
                                   -0.011, 0.002, -0.02,  0.009, -0.007, 0.015};
  std::vector<double> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(center * (1 + pattern[(i + phase) % 12]));
  return out;
}

Benchmark bench(std::string task, std::vector<double> cpu, std::vector<double> instr = {},
                std::string verdict = "OK", std::string model = "m") {
  Benchmark b{std::move(task), 1, 7, std::move(model), "0", std::move(verdict), false, {}};
  b.repeats.cpu_s = cpu;
  b.repeats.wall_s = cpu;
  b.repeats.instructions = std::move(instr);
  return b;
}

TEST(GateInstructions, IncreaseAboveTheLimitIsARegression) {
  const std::vector<Benchmark> base{bench("t", {1}, {1000, 1000, 1000})};
  const auto r = run_gate(base, {bench("t", {1}, {1030, 1030, 1030})}, {});
  EXPECT_EQ(r.metric, "instructions");
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].outcome, Outcome::Regression);
  EXPECT_NEAR(*r.items[0].change, 0.03, 1e-12);
  EXPECT_EQ(r.exit_status(), 1);
}

TEST(GateInstructions, SmallChangePassesAndDecreaseIsAnImprovement) {
  const std::vector<Benchmark> base{bench("t", {1}, {1000})};
  EXPECT_EQ(run_gate(base, {bench("t", {1}, {1010})}, {}).items[0].outcome, Outcome::Pass);
  const auto r = run_gate(base, {bench("t", {1}, {900})}, {});
  EXPECT_EQ(r.items[0].outcome, Outcome::Improvement);
  EXPECT_EQ(r.exit_status(), 0);
}

TEST(GateInstructions, GeometricMeanHasItsOwnLimit) {
  const std::vector<Benchmark> base{bench("a", {1}, {1000}), bench("b", {1}, {1000})};
  const std::vector<Benchmark> cand{bench("a", {1}, {1015}), bench("b", {1}, {1015})};
  const auto r = run_gate(base, cand, {});
  EXPECT_EQ(r.items[0].outcome, Outcome::Pass);
  EXPECT_TRUE(r.total_regression);
  EXPECT_EQ(r.exit_status(), 1);
  GateOptions loose;
  loose.max_total_increase = 0.02;
  EXPECT_EQ(run_gate(base, cand, loose).exit_status(), 0);
}

TEST(GateTimes, SameProgramUnderNoisePasses) {
  const auto r = run_gate({bench("t", noisy(1.0, 11))}, {bench("t", noisy(1.0, 11, 5))}, {});
  EXPECT_EQ(r.metric, "cpu_time");
  EXPECT_EQ(r.items[0].outcome, Outcome::Pass);
  ASSERT_TRUE(r.items[0].change_ci);
  EXPECT_LE(r.items[0].change_ci->lo, 0.0);
  EXPECT_GE(r.items[0].change_ci->hi, 0.0);
}

TEST(GateTimes, SignificantAndLargeSlowdownIsARegression) {
  const auto r = run_gate({bench("t", noisy(1.0, 11))}, {bench("t", noisy(1.3, 11))}, {});
  EXPECT_EQ(r.items[0].outcome, Outcome::Regression);
  EXPECT_LT(*r.items[0].p_value, 0.05);
  EXPECT_GT(r.items[0].change_ci->lo, 0.0);
}

TEST(GateTimes, SignificantButTinySlowdownPasses) {
  // +3%: every candidate repeat is slower, but the change is below --min-effect 5%.
  const auto r = run_gate({bench("t", noisy(1.0, 11))}, {bench("t", noisy(1.03, 11))}, {});
  EXPECT_EQ(r.items[0].outcome, Outcome::Pass);
}

TEST(GateTimes, SpeedupIsAnImprovement) {
  const auto r = run_gate({bench("t", noisy(1.0, 11))}, {bench("t", noisy(0.7, 11))}, {});
  EXPECT_EQ(r.items[0].outcome, Outcome::Improvement);
  EXPECT_EQ(r.exit_status(), 0);
}

TEST(GateTimes, TooFewRepeatsIsAnError) {
  EXPECT_THROW(run_gate({bench("t", noisy(1.0, 8))}, {bench("t", noisy(1.0, 9))}, {}), Error);
}

TEST(GateMatching, MissingBenchmarkIsAnErrorUnlessAllowed) {
  const std::vector<Benchmark> base{bench("a", {1}, {1000}), bench("b", {1}, {1000})};
  const std::vector<Benchmark> cand{bench("a", {1}, {1000})};
  EXPECT_THROW(run_gate(base, cand, {}), Error);
  GateOptions o;
  o.allow_missing = true;
  const auto r = run_gate(base, cand, o);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[1].outcome, Outcome::Missing);
  EXPECT_EQ(r.exit_status(), 0);
}

TEST(GateMatching, ARenamedSingleProgramPairsWithItsPredecessor) {
  const auto r = run_gate({bench("t", {1}, {1000}, "OK", "old.c")},
                          {bench("t", {1}, {1500}, "OK", "new.c")}, {});
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].outcome, Outcome::Regression);
}

TEST(GateMatching, CandidateFailureIsARegression) {
  const auto r = run_gate({bench("t", {1}, {1000})}, {bench("t", {}, {}, "WA")}, {});
  EXPECT_EQ(r.items[0].outcome, Outcome::Regression);
  EXPECT_NE(r.items[0].note.find("candidate WA"), std::string::npos);
}

TEST(GateOutputs, JsonRoundTripKeepsEveryRepeat) {
  const std::vector<Benchmark> b{bench("t", noisy(1.0, 9), {5, 6})};
  const auto back = benchmarks_from_json({{"benchmarks", benchmarks_to_json(b)}}, "x.json");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].name(), b[0].name());
  EXPECT_EQ(back[0].repeats.cpu_s, b[0].repeats.cpu_s);
  EXPECT_EQ(back[0].repeats.instructions, b[0].repeats.instructions);
  EXPECT_THROW(benchmarks_from_json({{"models", 1}}, "x.json"), Error);
  try {
    benchmarks_from_json({{"benchmarks", {{{"task", "t"}}}}}, "x.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("x.json: benchmarks[0]"), std::string::npos);
  }
}

TEST(GateOutputs, JunitHasOneTestcasePerBenchmarkAndFailuresForRegressions) {
  const std::vector<Benchmark> base{bench("a<&>", {1}, {1000}), bench("b", {1}, {1000})};
  const std::vector<Benchmark> cand{bench("a<&>", {1}, {2000}), bench("b", {1}, {1000})};
  const auto xml = gate_junit(run_gate(base, cand, {}));
  std::size_t cases = 0, failures = 0;
  for (auto p = xml.find("<testcase "); p != std::string::npos; p = xml.find("<testcase ", p + 1))
    ++cases;
  for (auto p = xml.find("<failure "); p != std::string::npos; p = xml.find("<failure ", p + 1))
    ++failures;
  EXPECT_EQ(cases, 3u);  // two benchmarks and the geometric mean
  EXPECT_EQ(failures, 2u);
  EXPECT_NE(xml.find("a&lt;&amp;&gt;/L1"), std::string::npos);
  EXPECT_EQ(xml.find("a<&>"), std::string::npos);
}

TEST(GateOutputs, BmfReportsMedianAndRangePerBenchmark) {
  const std::vector<Benchmark> cand{bench("t", {1.0, 2.0, 3.0}, {10, 20, 30})};
  const auto j = nlohmann::json::parse(gate_bmf(cand));
  const auto& m = j[cand[0].name()];
  EXPECT_DOUBLE_EQ(m["latency"]["value"].get<double>(), 2e9);
  EXPECT_DOUBLE_EQ(m["latency"]["lower_value"].get<double>(), 1e9);
  EXPECT_DOUBLE_EQ(m["instructions"]["upper_value"].get<double>(), 30);
}

TEST(GateOutputs, MarkdownListsRegressionsFirst) {
  const std::vector<Benchmark> base{bench("a", {1}, {1000}), bench("b", {1}, {1000})};
  const std::vector<Benchmark> cand{bench("a", {1}, {1000}), bench("b", {1}, {1500})};
  const auto md = gate_markdown(run_gate(base, cand, {}), {});
  EXPECT_NE(md.find("❌ regression"), std::string::npos);
  EXPECT_LT(md.find("| b/L1"), md.find("| a/L1"));
}

// --confirm: a deterministic fake re-measurement stands in for the programs.
struct Confirm : ::testing::Test {
  std::vector<Benchmark> base{bench("t", noisy(1.0, 9))};
  std::vector<Benchmark> cand{bench("t", noisy(2.0, 9, 3))};  // stored: twice as slow
  int calls = 0;
  Remeasure fake(double base_center, double cand_center) {
    return [=, this](const Benchmark& b, const Benchmark& c, std::size_t n) {
      ++calls;
      EXPECT_EQ(b.task, "t");
      EXPECT_EQ(c.name(), cand[0].name());
      Repeats rb, rc;
      rb.cpu_s = rb.wall_s = noisy(base_center, n, 1);
      rc.cpu_s = rc.wall_s = noisy(cand_center, n, 5);
      return std::pair{rb, rc};
    };
  }
};

TEST_F(Confirm, ARegressionTheReMeasurementsDoNotShowPasses) {
  auto r = run_gate(base, cand, {});
  ASSERT_EQ(r.items[0].outcome, Outcome::Regression);
  confirm_regressions(r, base, cand, {}, 9, fake(1.0, 1.0));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(r.items[0].outcome, Outcome::Pass);
  EXPECT_EQ(r.items[0].note.rfind("not confirmed: first measured +", 0), 0u) << r.items[0].note;
  EXPECT_NE(r.items[0].note.find("9 interleaved re-measurements per side"), std::string::npos);
  EXPECT_NEAR(*r.items[0].change, 0, 0.03);  // the fresh repeats' medians
  EXPECT_EQ(r.exit_status(), 0);
}

TEST_F(Confirm, ARegressionTheReMeasurementsShowIsReported) {
  auto r = run_gate(base, cand, {});
  confirm_regressions(r, base, cand, {}, 11, fake(1.0, 1.5));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(r.items[0].outcome, Outcome::Regression);
  EXPECT_EQ(r.items[0].note.rfind("confirmed by 11 interleaved re-measurements per side", 0), 0u)
      << r.items[0].note;
  EXPECT_NEAR(*r.items[0].change, 0.5, 0.05);
  EXPECT_EQ(r.exit_status(), 1);
}

TEST_F(Confirm, PassesFailuresAndInstructionCountsAreNotReMeasured) {
  const std::vector<Benchmark> same{bench("t", noisy(1.0, 9, 2))};
  auto pass = run_gate(base, same, {});
  confirm_regressions(pass, base, same, {}, 9, fake(1.0, 3.0));
  const std::vector<Benchmark> failed{bench("t", {}, {}, "WA")};
  auto wa = run_gate(base, failed, {});
  confirm_regressions(wa, base, failed, {}, 9, fake(1.0, 1.0));
  EXPECT_EQ(wa.items[0].outcome, Outcome::Regression);
  const std::vector<Benchmark> ib{bench("t", {1}, {1000})}, ic{bench("t", {1}, {1500})};
  auto instr = run_gate(ib, ic, {});
  confirm_regressions(instr, ib, ic, {}, 9, fake(1.0, 1.0));
  EXPECT_EQ(instr.items[0].outcome, Outcome::Regression);
  EXPECT_EQ(calls, 0);
}

TEST_F(Confirm, FewerReMeasurementsThanTheTimeRuleNeedsIsAUsageError) {
  auto r = run_gate(base, cand, {});
  try {
    confirm_regressions(r, base, cand, {}, 8, fake(1.0, 1.0));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("--confirm 8"), std::string::npos);
  }
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace pj::reports
