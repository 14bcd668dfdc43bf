// Every format, the gate and compare on stores written by real `perfjudge run` invocations.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "real_run.hpp"
#include "reports/text_table.hpp"
#include "standard_fixture.hpp"

namespace pj::reports {
namespace {

using test::kXss;
using test::run_cli;

// Shared by every test process of one ctest invocation, so each real store is measured once.
std::filesystem::path shared_dir() {
  return std::filesystem::path(PJ_TEST_WORK_DIR) / "real";
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct RealRun : ::testing::Test {
  std::filesystem::path db = test::real_leaderboard_db(shared_dir());
  std::string report(const std::vector<std::string>& extra, int expect = 0) {
    std::vector<std::string> args{"report", "--db", db.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    std::string out, err;
    EXPECT_EQ(run_cli(args, &out, &err), expect) << err;
    return out;
  }
};

TEST_F(RealRun, JsonContractHoldsMeasuredScores) {
  const auto j = nlohmann::json::parse(report({"--format", "json"}));
  EXPECT_EQ(j["cost"], "cpu_time");
  ASSERT_EQ(j["models"].size(), 2u);
  std::map<std::string, nlohmann::json> by;
  for (const auto& m : j["models"]) by[m["model"].get<std::string>()] = m["metrics"];
  EXPECT_DOUBLE_EQ(by["good"]["pass@1"]["value"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(by[kXss]["pass@1"]["value"].get<double>(), 0.5);
  // Measured costs give every efficiency metric a value and an interval.
  for (const char* m : {"eff@1", "dps_norm", "coffe_speedup", "pie_speedup@1", "cost_ratio"}) {
    EXPECT_TRUE(by["good"][m]["value"].is_number()) << m << " " << by["good"][m].dump();
    EXPECT_EQ(by["good"][m]["ci"].size(), 2u) << m;
  }
  // "good" has the fast program and the naive-speed one: its cost ratio is above 1.
  EXPECT_GT(by["good"]["cost_ratio"]["value"].get<double>(), 1.0);
  ASSERT_EQ(j["tasks"].size(), 1u);
  EXPECT_EQ(j["tasks"][0]["references"].size(), 2u);
  EXPECT_FALSE(j["benchmarks"].empty());
  EXPECT_EQ(j["benchmarks"][0]["repeats"]["cpu_s"].size(), 3u);
}

TEST_F(RealRun, TextFitsOneHundredColumns) {
  const auto text = report({});
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) EXPECT_LE(cols(l), 100u) << l;
  EXPECT_NE(text.find("good"), std::string::npos);
  EXPECT_NE(text.find("sum-n"), std::string::npos);
  EXPECT_NE(text.find("ref naive-py"), std::string::npos);
}

TEST_F(RealRun, MarkdownAndCsv) {
  const auto md = report({"--format", "md"});
  EXPECT_NE(md.find("| good |"), std::string::npos);
  EXPECT_EQ(md.find(kXss), std::string::npos);
  const auto csv = report({"--format", "csv"});
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
  const auto by_task = report({"--format", "csv", "--by", "task"});
  EXPECT_NE(by_task.find("good,sum-n,2,2,1,"), std::string::npos) << by_task;
}

TEST_F(RealRun, HtmlToAFileEscapesTheModelName) {
  const auto page = shared_dir() / "report.html";
  report({"--format", "html", "-o", page.string()});
  const auto html = slurp(page);
  EXPECT_EQ(html.find(kXss), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"scatter\""), std::string::npos);
}

TEST_F(RealRun, PerSampleViewShowsTheWrongAnswer) {
  const auto text = report({"--task", "sum-n"});
  EXPECT_NE(text.find("WA"), std::string::npos) << text;
  EXPECT_NE(text.find("repeats"), std::string::npos);
  const auto j = nlohmann::json::parse(report({"--task", "sum-n", "--format", "json"}));
  EXPECT_EQ(j["programs"].size(), 6u);
}

TEST_F(RealRun, BadOptionsAreOneLineErrors) {
  std::string out, err;
  EXPECT_EQ(run_cli({"report", "--db", db.string(), "--sort", "speed"}, &out, &err), 2);
  EXPECT_EQ(err.rfind("perfjudge: error: --sort: unknown metric 'speed'", 0), 0u) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1);
  EXPECT_EQ(run_cli({"report", "--db", (shared_dir() / "none.db").string()}, &out, &err), 2);
  EXPECT_NE(err.find("none.db"), std::string::npos);
}

TEST_F(RealRun, CompareTwoModelsWithTheGateTests) {
  std::string out, err;
  ASSERT_EQ(run_cli({"compare", "--db", db.string(), "--model", "good", "--model", kXss,
                     "--min-repeats", "3", "--format", "json"},
                    &out, &err),
            0)
      << err;
  const auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j["tasks"].size(), 1u);
  EXPECT_EQ(j["tasks"][0]["a"]["correct"], 2);
  EXPECT_EQ(j["tasks"][0]["b"]["correct"], 1);
  // The second sample of B is wrong where A's ran: one benchmark per level regresses.
  EXPECT_GE(j["tasks"][0]["regressions"].get<int>(), 1);
  EXPECT_EQ(j["wins"].get<int>() + j["losses"].get<int>() + j["ties"].get<int>(), 1);
}

struct RealGate : ::testing::Test {
  std::filesystem::path fast = test::real_program_db(shared_dir(), "fast", test::kFastSum);
  std::filesystem::path fast2 = test::real_program_db(shared_dir(), "fast2", test::kFastSum);
  std::filesystem::path slow = test::real_program_db(shared_dir(), "slow", test::kSlowSum);
  int gate(const std::filesystem::path& a, const std::filesystem::path& b, std::string* out,
           std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"gate", "--baseline", a.string(), "--candidate", b.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    std::string err;
    const int rc = run_cli(args, out, &err);
    if (rc == 2) ADD_FAILURE() << err;
    return rc;
  }
};

TEST_F(RealGate, DeliberatelySlowerProgramIsARegression) {
  std::string out;
  const auto junit = shared_dir() / "gate.xml";
  const auto bmf = shared_dir() / "bmf.json";
  EXPECT_EQ(gate(fast, slow, &out, {"--junit", junit.string(), "--bmf", bmf.string()}), 1);
  EXPECT_NE(out.find("❌ regression"), std::string::npos) << out;
  EXPECT_NE(slurp(junit).find("<failure "), std::string::npos);
  const auto b = nlohmann::json::parse(slurp(bmf));
  EXPECT_FALSE(b.empty());
  EXPECT_TRUE(b.begin()->contains("cpu-time"));
}

TEST_F(RealGate, SameProgramTwicePassesUnderNoise) {
  std::string out;
  EXPECT_EQ(gate(fast, fast2, &out), 0) << out;
  EXPECT_NE(out.find("✅ pass"), std::string::npos);
}

TEST_F(RealGate, ImprovementIsReportedAndPasses) {
  std::string out;
  EXPECT_EQ(gate(slow, fast, &out), 0) << out;
  EXPECT_NE(out.find("improvement"), std::string::npos);
  EXPECT_EQ(out.find("| regression"), std::string::npos);
}

TEST_F(RealGate, CommittedJsonBaselineWorksLikeTheDatabase) {
  const auto baseline = shared_dir() / "baseline.json";
  std::string out, err;
  ASSERT_EQ(run_cli({"report", "--db", fast.string(), "--format", "json", "-o", baseline.string()},
                    &out, &err),
            0)
      << err;
  EXPECT_EQ(gate(baseline, slow, &out), 1);
  EXPECT_EQ(gate(baseline, fast2, &out), 0);
}

TEST_F(RealGate, RunOnASubsetOfLevelsIsScoredOnThoseLevels) {
  // These stores were measured with --levels 1 only: eff@1 weighs that level alone instead of
  // being unavailable for the levels nobody ran.
  std::string out, err;
  ASSERT_EQ(run_cli({"report", "--db", fast.string(), "--format", "json"}, &out, &err), 0) << err;
  const auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j["models"].size(), 1u);
  const auto& eff = j["models"][0]["metrics"]["eff@1"];
  ASSERT_TRUE(eff["value"].is_number()) << eff.dump();
  // The sample is the expert reference's own code: close to 1 by an exact instruction count.
  EXPECT_NEAR(eff["value"].get<double>(), 1.0, 0.05) << eff.dump();
}

TEST_F(RealGate, MismatchedBenchmarksAreAnErrorUnlessAllowed) {
  const auto other = test::real_leaderboard_db(shared_dir());
  std::string out, err;
  EXPECT_EQ(run_cli({"gate", "--baseline", fast.string(), "--candidate", other.string(),
                     "--min-repeats", "3"},
                    &out, &err),
            2);
  EXPECT_NE(err.find("do not match"), std::string::npos) << err;
}

}  // namespace
}  // namespace pj::reports
