// End to end: the real CLI evaluates fixture samples that cover every verdict, and the stored
// rows are checked.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/temp_dir.hpp"
#include "run_test_util.hpp"

namespace {

namespace fs = std::filesystem;
using pj::test::run_fixture;
using pj::test::scalar;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class RunEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new pj::TempDir("pj-run-e2e");
    db_ = dir_->path() / "r.sqlite";
    log_ = dir_->path() / "log.txt";
    rc_ = pj::test::run_perfjudge(
        {"run", "--tasks", (run_fixture() / "tasks").string(), "--samples",
         (run_fixture() / "samples.jsonl").string(), "--db", db_.string(), "--cost", "cpu_time",
         "--repeats", "2", "--warmup", "0", "--cache", (dir_->path() / "cache").string()},
        log_);
  }
  static void TearDownTestSuite() { delete dir_; }

  static inline pj::TempDir* dir_ = nullptr;
  static inline fs::path db_;
  static inline fs::path log_;
  static inline int rc_ = -1;
};

TEST_F(RunEndToEnd, EverySampleGetsItsVerdict) {
  ASSERT_EQ(rc_, 0) << slurp(log_);
  pj::store::Store s(db_);
  auto st = s.db().prepare(
      "SELECT p.sample_id, r.verdict, r.passed, r.failed_test, r.output_excerpt FROM programs p "
      "JOIN program_results r ON r.program_id = p.id WHERE p.role = 'sample'");
  std::map<std::string, std::string> verdicts;
  std::map<std::string, std::string> excerpts;
  while (st.step()) {
    verdicts[st.text(0)] = st.text(1);
    excerpts[st.text(0)] = st.text(4);
    EXPECT_EQ(st.int64(2), st.text(1) == "OK" ? 1 : 0) << st.text(0);
  }
  EXPECT_EQ(verdicts["ok-fast"], "OK");
  EXPECT_EQ(verdicts["ok-slow"], "OK");
  EXPECT_EQ(verdicts["ok-cpp"], "OK");
  EXPECT_EQ(verdicts["raw-ok"], "OK");
  EXPECT_EQ(verdicts["wa"], "WA");
  EXPECT_EQ(verdicts["re"], "RE");
  // CPU limit, or the wall limit first when the machine is busy: both are time limits.
  EXPECT_TRUE(verdicts["tle"] == "TLE" || verdicts["tle"] == "TLE_WALL") << verdicts["tle"];
  EXPECT_EQ(verdicts["mle"], "MLE");
  EXPECT_EQ(verdicts["ole"], "OLE");
  EXPECT_EQ(verdicts["ce"], "CE");
  EXPECT_EQ(verdicts["no-code"], "NO_CODE");
  EXPECT_EQ(verdicts.size(), 11u);
  EXPECT_NE(excerpts["wa"].find("-4"), std::string::npos);  // its wrong output on tests/single.in
  EXPECT_NE(excerpts["ce"].find("error"), std::string::npos);  // the diagnostics
}

TEST_F(RunEndToEnd, BadInputLinesAreReportedAndSkipped) {
  const std::string log = slurp(log_);
  const std::string file = (run_fixture() / "samples.jsonl").string();
  EXPECT_NE(log.find(file + ":12: malformed JSON"), std::string::npos) << log;
  EXPECT_NE(log.find(file + ":13: unknown task 'no-such-task'"), std::string::npos) << log;
  EXPECT_NE(log.find(file + ":14: unknown language 'cobol'"), std::string::npos) << log;
  EXPECT_NE(log.find(file + ":15: empty solution"), std::string::npos) << log;
}

TEST_F(RunEndToEnd, RawSamplesKeepResponseAndSanitizeReport) {
  pj::store::Store s(db_);
  auto st = s.db().prepare(
      "SELECT raw_response, sanitize_json, source FROM programs WHERE sample_id = 'raw-ok'");
  ASSERT_TRUE(st.step());
  EXPECT_NE(st.text(0).find("Here you go"), std::string::npos);
  EXPECT_FALSE(st.is_null(1));
  EXPECT_EQ(st.text(2).find("Here you go"), std::string::npos);
}

TEST_F(RunEndToEnd, StressMeasuresReferencesAndPassingSamplesOnly) {
  pj::store::Store s(db_);
  // Level 0 and level 1, one seed each; 2 references + 4 passing samples, and the baselines
  // of their two languages (python, cpp).
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM units_done WHERE unit LIKE 'stress:%'"), 2);
  EXPECT_EQ(scalar(s,
                   "SELECT count(DISTINCT program_id) FROM stress_results sr JOIN programs p ON "
                   "p.id = sr.program_id WHERE p.role != 'baseline'"),
            6);
  EXPECT_EQ(scalar(s,
                   "SELECT count(DISTINCT program_id) FROM stress_results sr JOIN programs p ON "
                   "p.id = sr.program_id WHERE p.role = 'baseline'"),
            2);
  // Every OK cost of a sample or reference is net of the baseline of its own language.
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM stress_results sr JOIN programs p ON p.id = "
                   "sr.program_id LEFT JOIN programs b ON b.id = sr.baseline_id WHERE p.role != "
                   "'baseline' AND sr.verdict = 'OK' AND (b.role IS NOT 'baseline' OR b.language "
                   "!= p.language OR sr.gross_cpu_s < sr.cpu_s)"),
            0);
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM stress_results sr JOIN programs p ON p.id = "
                   "sr.program_id WHERE p.sample_id IN ('wa','re','tle','ce')"),
            0);
  // Every OK summary has time costs, and no instruction count under --cost cpu_time: NULL.
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM stress_results WHERE verdict = 'OK' AND "
                   "(cpu_s IS NULL OR wall_s IS NULL OR instructions IS NOT NULL)"),
            0);
  // Two measured repeats per OK program and level.
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM executions e JOIN stress_results sr ON "
                   "sr.program_id = e.program_id AND sr.level = e.level WHERE e.phase = "
                   "'stress' AND sr.verdict = 'OK'"),
            2 * scalar(s, "SELECT count(*) FROM stress_results WHERE verdict = 'OK'"));
}

TEST_F(RunEndToEnd, SlowSampleIsCensoredAtTheLargeLevel) {
  pj::store::Store s(db_);
  auto st = s.db().prepare(
      "SELECT sr.level, sr.verdict, sr.censored, sr.cpu_s FROM stress_results sr JOIN programs p "
      "ON p.id = sr.program_id WHERE p.sample_id = 'ok-slow' ORDER BY sr.level");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(1), "OK");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 1);
  EXPECT_TRUE(st.text(1) == "TLE" || st.text(1) == "TLE_WALL") << st.text(1);
  EXPECT_EQ(st.int64(2), 1);
  EXPECT_TRUE(st.is_null(3));
}

TEST_F(RunEndToEnd, RunRowRecordsHostAndSettings) {
  pj::store::Store s(db_);
  auto st = s.db().prepare(
      "SELECT status, command_line, host_json, settings_json, perfjudge_version FROM runs");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "complete");
  EXPECT_NE(st.text(1).find("--samples"), std::string::npos);
  EXPECT_NE(st.text(2).find("counter_backend"), std::string::npos);
  EXPECT_NE(st.text(3).find("\"cost\":\"cpu_time\""), std::string::npos);
  EXPECT_FALSE(st.text(4).empty());
  EXPECT_FALSE(st.step());  // one run
}

// Issue 15: the load, governor and turbo state at the run's start and end, shown by report.
TEST_F(RunEndToEnd, RunRowRecordsTheMachineStateAtStartAndEndAndReportShowsIt) {
  pj::store::Store s(db_);
  auto st = s.db().prepare("SELECT host_json FROM runs");
  ASSERT_TRUE(st.step());
  const auto host = nlohmann::json::parse(st.text(0));
  for (const char* when : {"start", "end"}) {
    ASSERT_TRUE(host.contains(when)) << host.dump();
    EXPECT_EQ(host[when]["loadavg"].size(), 3u) << host.dump();  // Linux always has it
    EXPECT_TRUE(host[when].contains("governor"));
    EXPECT_TRUE(host[when].contains("turbo"));
  }
  EXPECT_TRUE(host.contains("cpu_model"));  // the rest of host_json is kept
  const auto r = pj::test::perfjudge({"report", "--db", db_.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nnoise run #1 (cpu_time): "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("benchmarks unstable"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nload run #1: "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("not recorded"), std::string::npos) << r.out;
}

TEST_F(RunEndToEnd, RerunningACompleteRunMeasuresNothingAgain) {
  pj::store::Store before(db_);
  const auto execs = scalar(before, "SELECT count(*) FROM executions");
  const int rc = pj::test::run_perfjudge(
      {"run", "--tasks", (run_fixture() / "tasks").string(), "--samples",
       (run_fixture() / "samples.jsonl").string(), "--db", db_.string(), "--cost", "cpu_time",
       "--repeats", "2", "--warmup", "0", "--cache", (dir_->path() / "cache").string()},
      dir_->path() / "log2.txt");
  EXPECT_EQ(rc, 0);
  pj::store::Store after(db_);
  EXPECT_EQ(scalar(after, "SELECT count(*) FROM executions"), execs);
  EXPECT_EQ(scalar(after, "SELECT count(*) FROM runs"), 1);
  EXPECT_NE(slurp(dir_->path() / "log2.txt").find("resumed"), std::string::npos);
}

TEST_F(RunEndToEnd, NewRunKeepsBothMeasurements) {
  const fs::path db2 = dir_->path() / "two.sqlite";
  std::vector<std::string> args = pj::test::quick_run_args(
      run_fixture() / "tasks" / "sum-list" / "ref" / "sum.py", db2, dir_->path() / "cache");
  for (const char* a : {"--only", "sum-list", "--model", "single", "--quiet"}) args.push_back(a);
  ASSERT_EQ(pj::test::run_perfjudge(args, dir_->path() / "l3.txt"), 0)
      << slurp(dir_->path() / "l3.txt");
  std::vector<std::string> again = args;
  again.push_back("--new-run");
  ASSERT_EQ(pj::test::run_perfjudge(again, dir_->path() / "l4.txt"), 0);
  pj::store::Store s(db2);
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM runs"), 2);
  // --levels 0: each run's task records only the level it measured, so that scores weigh
  // measured levels only.
  auto levels = s.db().prepare("SELECT levels_json FROM tasks WHERE task_id = 'sum-list'");
  for (int runs = 0; runs < 2; ++runs) {
    ASSERT_TRUE(levels.step());
    EXPECT_NE(levels.text(0).find("\"level\":0"), std::string::npos) << levels.text(0);
    EXPECT_EQ(levels.text(0).find("\"level\":1"), std::string::npos) << levels.text(0);
  }
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM programs WHERE role = 'sample' AND model = 'single'"),
            2);
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM program_results r JOIN programs p ON p.id = "
                   "r.program_id WHERE p.model = 'single' AND r.verdict = 'OK'"),
            2);
}

TEST_F(RunEndToEnd, TasksWithoutSamplesAreNeitherJudgedNorStressed) {
  // Two tasks, samples for one: the other's references would cost time and tell no one
  // anything, so they are stored as the task's ladder but never run.
  const fs::path tasks = dir_->path() / "two-tasks";
  fs::create_directories(tasks);
  fs::copy(run_fixture() / "tasks" / "sum-list", tasks / "sum-list", fs::copy_options::recursive);
  fs::copy(run_fixture() / "tasks" / "sum-list", tasks / "unused", fs::copy_options::recursive);
  std::string manifest = slurp(tasks / "unused" / "task.toml");
  manifest.replace(manifest.find("id = \"sum-list\""), 15, "id = \"unused\"");
  std::ofstream(tasks / "unused" / "task.toml") << manifest;
  const fs::path db = dir_->path() / "two-tasks.sqlite";
  ASSERT_EQ(pj::test::run_perfjudge(pj::test::quick_run_args(run_fixture() / "samples.jsonl", db,
                                                             dir_->path() / "cache", tasks),
                                    dir_->path() / "two-tasks.txt"),
            0)
      << slurp(dir_->path() / "two-tasks.txt");
  pj::store::Store s(db);
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM programs WHERE task_id = 'unused'"), 2);
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM program_results r JOIN programs p ON p.id = "
                   "r.program_id WHERE p.task_id = 'unused'"),
            0);
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM units_done WHERE unit LIKE 'stress:unused%'"), 0);
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM units_done WHERE unit LIKE 'stress:sum-list%'"), 1);
  EXPECT_GT(scalar(s,
                   "SELECT count(*) FROM program_results r JOIN programs p ON p.id = "
                   "r.program_id WHERE p.task_id = 'sum-list' AND p.role = 'reference'"),
            0);
}

}  // namespace
