// Runs the built `perfjudge estimate` and checks its output and exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "common/launch.hpp"
#include "core/temp_dir.hpp"

namespace {

using CliResult = pj::test::Finished;

// stdout and stderr together.
CliResult run(const std::string& args) {
  return pj::test::perfjudge_sh("estimate " + args, pj::test::merged_output());
}

void expect_error(const CliResult& r, const std::string& fragment) {
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_EQ(r.out.rfind("perfjudge: error: ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(fragment), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line expected: " << r.out;
}

TEST(EstimateCli, PassAtKPrintsTenSignificantDigits) {
  const CliResult a = run("pass-at-k --n 10 --c 3 --k 5");
  EXPECT_EQ(a.status, 0);
  EXPECT_EQ(a.out, "0.9166666667\n");
  EXPECT_EQ(run("pass-at-k --n 200 --c 13 --k 10").out, "0.4975511147\n");
  EXPECT_EQ(run("pass-at-k --n 10 --c 8 --k 3").out, "1\n");
}

TEST(EstimateCli, PassAtKJson) {
  const CliResult r = run("pass-at-k --n 10 --c 3 --k 5 --json");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["metric"], "pass@k");
  EXPECT_EQ(doc["n"], 10);
  EXPECT_EQ(doc["c"], 3);
  EXPECT_EQ(doc["k"], 5);
  EXPECT_DOUBLE_EQ(doc["value"].get<double>(), 0.9166666667);
}

TEST(EstimateCli, PassAtKRejectsKAboveN) {
  expect_error(run("pass-at-k --n 5 --c 2 --k 6"), "k=6 exceeds the number of samples n=5");
  EXPECT_EQ(run("pass-at-k --n 5 --c 2").status, 2);  // --k missing
  EXPECT_EQ(run("pass-at-k --n five --c 2 --k 1").status, 2);
}

TEST(EstimateCli, EffAtKFromArguments) {
  EXPECT_EQ(run("eff-at-k --k 2 0.2 0.9 0 0.5 1.3").out, "0.91\n");
  EXPECT_EQ(run("eff-at-k --k 3 0 0 0.1 0.35 0.4 0.62 0.7 0.81 0.95 1.05").out, "0.8471666667\n");
  const CliResult j = run("eff-at-k --k 3 --json 0.2 0.9 0 0.5 1.3");
  ASSERT_EQ(j.status, 0) << j.out;
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["metric"], "eff@k");
  EXPECT_EQ(doc["n"], 5);
  EXPECT_DOUBLE_EQ(doc["value"].get<double>(), 1.1);
}

TEST(EstimateCli, EffAtKFromFiles) {
  pj::TempDir dir;
  const std::string lines = (dir.path() / "scores.txt").string();
  std::ofstream(lines) << "0.2\n0.9\n\n0\n0.5\n1.3\n";
  EXPECT_EQ(run("eff-at-k --k 1 --scores " + lines).out, "0.58\n");
  const std::string json = (dir.path() / "scores.json").string();
  std::ofstream(json) << "[0.2, 0.9, 0, 0.5, 1.3]";
  EXPECT_EQ(run("eff-at-k --k 5 --scores " + json).out, "1.3\n");
  const std::string bad = (dir.path() / "bad.txt").string();
  std::ofstream(bad) << "0.5\n0.7\nfast\x1b[31m\n";
  const CliResult r = run("eff-at-k --k 1 --scores " + bad);
  expect_error(r, "bad.txt:3: 'fast\\x1b[31m' is not a number");
  const std::string bad_json = (dir.path() / "bad.json").string();
  std::ofstream(bad_json) << "[0.5, \"x\"]";
  expect_error(run("eff-at-k --k 1 --scores " + bad_json), "element 1 is not a number");
  expect_error(run("eff-at-k --k 1 --scores " + (dir.path() / "missing").string()), "cannot open");
}

TEST(EstimateCli, ScoresFileOutOfDoubleRangeIsAnInputError) {
  // nlohmann reports the overflow as out_of_range, not parse_error.
  pj::TempDir dir;
  const std::string huge = (dir.path() / "huge.json").string();
  std::ofstream(huge) << "[1e400, 0.2]";
  expect_error(run("eff-at-k --k 1 --scores " + huge), "huge.json: not valid JSON");
}

TEST(EstimateCli, EmptyScoresFileSaysItHasNoScores) {
  pj::TempDir dir;
  for (const char* text : {"", "\n  \n", "[]", " [ ] "}) {
    const std::string file = (dir.path() / "empty").string();
    std::ofstream(file, std::ios::trunc) << text;
    expect_error(run("eff-at-k --k 1 --scores " + file), "empty: the file has no scores");
  }
}

TEST(EstimateCli, EffAtKRejectsInvalidScores) {
  expect_error(run("eff-at-k --k 6 0.1 0.2 0.3 0.4 0.5"),
               "eff@k: k=6 exceeds the number of scores n=5");
  expect_error(run("eff-at-k --k 1 0.1 nan 0.3"), "eff@k: score at index 1 is NaN");
  expect_error(run("eff-at-k --k 1 0.1 abc"), "eff@k: score 1 ('abc') is not a number");
  expect_error(run("eff-at-k --k 1 -- 0.1 -0.5"), "eff@k: score at index 1 is negative");
  EXPECT_EQ(run("eff-at-k --k 1").status, 2);  // no scores at all
}

TEST(EstimateCli, Dps) {
  const std::string pool = "dps --pool 500000 100000 1000000 480000 950000";
  EXPECT_EQ(run(pool + " --sample 300000").out, "dps 80\ndps_norm 66.66666667\n");
  EXPECT_EQ(run(pool + " --sample 2000000").out, "dps 0\ndps_norm 0\n");
  const CliResult j = run(pool + " --sample 90000 --json");
  ASSERT_EQ(j.status, 0) << j.out;
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_DOUBLE_EQ(doc["dps"].get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(doc["dps_norm"].get<double>(), 100.0);
  ASSERT_EQ(doc["clusters"].size(), 3u);
  EXPECT_DOUBLE_EQ(doc["clusters"][1]["representative"].get<double>(), 500000.0);
  EXPECT_DOUBLE_EQ(doc["clusters"][1]["cumulative_percent"].get<double>(), 80.0);
  // w = 0 keeps only the 10% base gap: three clusters for 100, 50, 10.
  EXPECT_EQ(run("dps --pool 100 50 10 --sample 50 --w 0").out,
            "dps 66.66666667\ndps_norm 66.66666667\n");
}

TEST(EstimateCli, DpsRejectsBadInput) {
  expect_error(run("dps --pool 100 0 --sample 5"), "pool cost at index 1 is zero");
  expect_error(run("dps --pool 100 x --sample 5"), "pool cost 1 ('x') is not a number");
  expect_error(run("dps --pool 100 --sample slow"), "sample cost 'slow' is not a number");
  EXPECT_EQ(run("dps --sample 5").status, 2);
  expect_error(run("dps --pool 100 50 --sample 5 --w -1"), "DPS: w is negative");
  expect_error(run("dps --pool 100 50 --sample 5 --base nan"), "DPS: base is NaN");
}

TEST(EstimateCli, NeedsASubcommand) {
  EXPECT_EQ(run("").status, 2);
}

}  // namespace
