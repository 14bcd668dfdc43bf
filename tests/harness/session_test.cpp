// Function tasks' stress levels run as one session per (program, task) (harness/
// function_stress.cpp): every call's output is checked, no state carries between calls, and
// work a candidate hides outside its calls fails it. The hostile candidates are in
// tests/fixtures/session/samples.jsonl, each with a comment on what it tries.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "run_test_util.hpp"
#include "store/store.hpp"
#include "task_test_util.hpp"

namespace pj::test {
namespace {

namespace fs = std::filesystem;

fs::path session_fixture() {
  return fs::path(PJ_SOURCE_DIR) / "tests" / "fixtures" / "session";
}

struct Outcome {
  std::string verdict;  // the sample's stress verdict (level 0, seed 1), else its correctness one
  std::string message;  // its failed execution's message, if any
  double cpu_s = 0;     // net CPU time of a call, level 0 seed 1
};

class Session : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("pj-session-test");
    auto args = quick_run_args(session_fixture() / "samples.jsonl", dir_->path() / "db.sqlite",
                               dir_->path() / "cache", session_fixture() / "tasks");
    set_option(args, "--repeats", "4");
    set_option(args, "--levels", "0,1");
    rc_ = run_perfjudge(args, dir_->path() / "log");
    store::Store s(dir_->path() / "db.sqlite");
    auto st = s.db().prepare(
        "SELECT p.sample_id, COALESCE(r.verdict, pr.verdict), r.cpu_s, COALESCE((SELECT "
        "e.message FROM executions e WHERE e.program_id = p.id AND e.phase = 'stress' AND "
        "e.verdict != 'OK' LIMIT 1), pr.message) FROM programs p JOIN program_results pr ON "
        "pr.program_id = p.id LEFT JOIN stress_results r ON r.program_id = p.id AND r.level = 0 "
        "AND "
        "r.seed = 1");
    while (st.step()) {
      Outcome o;
      o.verdict = st.text(1);
      o.cpu_s = st.is_null(2) ? -1 : st.real(2);
      if (!st.is_null(3)) o.message = st.text(3);
      outcomes_[st.text(0)] = o;
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    outcomes_.clear();
  }
  static std::string log() { return harness::testing::slurp(dir_->path() / "log"); }
  // The stress verdict and net CPU of a sample on one level and seed ("(missing)" if none).
  static std::pair<std::string, double> stress_of(const std::string& id, int level, int seed) {
    store::Store s(dir_->path() / "db.sqlite");
    auto st = s.db().prepare(
        "SELECT r.verdict, COALESCE(r.cpu_s, -1) FROM stress_results r JOIN programs p ON p.id "
        "= r.program_id WHERE p.sample_id = ? AND r.level = ? AND r.seed = ?");
    st.bind(1, id);
    st.bind(2, static_cast<std::int64_t>(level));
    st.bind(3, static_cast<std::int64_t>(seed));
    if (!st.step()) return {"(missing)", -1};
    return {st.text(0), st.real(1)};
  }
  // The (session, repeat) columns of the rows a query selects, in its order.
  static std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> sessions_and_repeats(
      const std::string& sql) {
    store::Store s(dir_->path() / "db.sqlite");
    auto st = s.db().prepare(sql);
    std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> out;
    while (st.step()) {
      out.first.push_back(st.is_null(0) ? -1 : st.int64(0));
      out.second.push_back(st.int64(1));
    }
    return out;
  }
  static const Outcome& of(const std::string& id) {
    static const Outcome none{"(missing)", "", -1};
    const auto it = outcomes_.find(id);
    return it == outcomes_.end() ? none : it->second;
  }

  static inline TempDir* dir_ = nullptr;
  static inline int rc_ = -1;
  static inline std::map<std::string, Outcome> outcomes_;
};

TEST_F(Session, HonestCandidatesAreMeasuredPerCall) {
  ASSERT_EQ(rc_, 0) << log();
  EXPECT_EQ(of("honest").verdict, "OK") << of("honest").message;
  EXPECT_GT(of("honest").cpu_s, 0);
  // The reference is stored beside the samples, with the baseline (role baseline).
  EXPECT_EQ(of("expert-loop").verdict, "OK") << of("expert-loop").message << log();
}

TEST_F(Session, MemoizationDoesNotCarryBetweenRepeats) {
  for (const char* id : {"memo-dict", "memo-lru"}) {
    ASSERT_EQ(of(id).verdict, "OK") << id << ": " << of(id).message << log();
    // Each of the four repeats recomputes: the summary is the full call, as for the honest
    // candidate (a carried cache would make it about 0).
    EXPECT_GT(of(id).cpu_s, 0.3 * of("honest").cpu_s) << id;
    EXPECT_LT(of(id).cpu_s, 3.0 * of("honest").cpu_s) << id;
  }
}

TEST_F(Session, EveryCallsOutputIsChecked) {
  EXPECT_EQ(of("garbage-after-first").verdict, "WA") << of("garbage-after-first").message;
}

TEST_F(Session, StateHandedBetweenCallsFailsTheSample) {
  EXPECT_EQ(of("shared-cache").verdict, "SECURITY");
  EXPECT_NE(of("shared-cache").message.find("state carried between calls"), std::string::npos)
      << of("shared-cache").message;
}

TEST_F(Session, FilesCannotCarryStateBetweenCalls) {
  ASSERT_EQ(of("file-cache").verdict, "OK") << of("file-cache").message;
  EXPECT_GT(of("file-cache").cpu_s, 0.3 * of("honest").cpu_s);
}

// Work a call hands to a thread of its own process is counted in its window: the call waits
// for the result, and the tree's clock sees every thread.
TEST_F(Session, WorkInAThreadOfTheCallCountsInItsCost) {
  const Outcome& o = of("thread-in-call");
  ASSERT_EQ(o.verdict, "OK") << o.message;
  EXPECT_GT(o.cpu_s, 0.5 * of("honest").cpu_s) << "honest: " << of("honest").cpu_s;
}

// A thread started at import burns CPU in the driver, beside the calls and between them. The
// driver's process never holds a call's input, so the thread cannot do a call's work: it can
// only add CPU, which lands in the calls' windows (their cost) or outside them (beyond the
// allowance, SECURITY). Either way the candidate never looks cheaper than the honest one.
TEST_F(Session, WorkInAThreadOfTheDriverNeverMakesACallCheaper) {
  const Outcome& o = of("busy-thread");
  if (o.verdict == "SECURITY") {
    EXPECT_NE(o.message.find("work hidden"), std::string::npos) << o.message;
  } else if (o.verdict != "TLE") {
    ASSERT_EQ(o.verdict, "OK") << o.message;
    EXPECT_GT(o.cpu_s, 0.8 * of("honest").cpu_s) << "honest: " << of("honest").cpu_s;
  }
}

TEST_F(Session, AChildThatOutlivesItsCallFailsTheSample) {
  EXPECT_EQ(of("outliving-child").verdict, "SECURITY");
  EXPECT_NE(of("outliving-child").message.find("still running"), std::string::npos)
      << of("outliving-child").message;
}

TEST_F(Session, DeepRecursionHasTheStackItHadOnAThread) {
  EXPECT_EQ(of("deep-recursion").verdict, "OK") << of("deep-recursion").message;
}

// The baseline only measures the driver's own window: three calls per input, not W + R.
TEST_F(Session, TheBaselineCallsEachInputThreeTimes) {
  store::Store s(dir_->path() / "db.sqlite");
  auto st = s.db().prepare(
      "SELECT p.role, e.seed, count(*) FROM executions e JOIN programs p ON p.id = "
      "e.program_id WHERE e.phase = 'stress' AND e.level = 0 AND p.role IN ('baseline', "
      "'reference') GROUP BY 1, 2");
  std::map<std::string, std::vector<std::int64_t>> per_seed;
  while (st.step()) per_seed[st.text(0)].push_back(st.int64(2));
  EXPECT_EQ(per_seed["baseline"], (std::vector<std::int64_t>{3, 3}));
  EXPECT_EQ(per_seed["reference"], (std::vector<std::int64_t>{4, 4}));
}

// A program's four repeats come from two sessions of two each (spread_repeats), numbered on:
// a session's own bias is shared by its repeats, so the estimate needs more than one.
TEST_F(Session, RepeatsAreSpreadOverTwoSessions) {
  store::Store s(dir_->path() / "db.sqlite");
  for (const std::string who : {"honest", "memo-dict"}) {
    auto st = s.db().prepare(
        "SELECT e.session, e.repeat FROM executions e JOIN programs p ON p.id = e.program_id "
        "WHERE p.sample_id = ? AND e.phase = 'stress' AND e.level = 0 AND e.seed = 1 ORDER BY "
        "e.repeat");
    st.bind(1, who);
    std::vector<std::int64_t> sessions, repeats;
    while (st.step()) {
      sessions.push_back(st.is_null(0) ? -1 : st.int64(0));
      repeats.push_back(st.int64(1));
    }
    EXPECT_EQ(sessions, (std::vector<std::int64_t>{0, 0, 1, 1})) << who;
    EXPECT_EQ(repeats, (std::vector<std::int64_t>{0, 1, 2, 3})) << who;
  }
  // The baseline's three rounds are spread over as many sessions, two and one, numbered on: its
  // estimate is subtracted from the programs', so it averages over as many placements.
  const auto [base, base_repeats] = sessions_and_repeats(
      "SELECT e.session, e.repeat FROM executions e JOIN programs p ON p.id = e.program_id "
      "WHERE p.role = 'baseline' AND e.phase = 'stress' AND e.level = 0 AND e.seed = 1 "
      "ORDER BY e.repeat");
  EXPECT_EQ(base, (std::vector<std::int64_t>{0, 0, 1}));
  EXPECT_EQ(base_repeats, (std::vector<std::int64_t>{0, 1, 2}));
}

// The driver's own window is measured in the program's own sessions by no-op calls, one for
// every two measured rounds, stored as phase 'noop' beside the calls; the baseline has none.
TEST_F(Session, NoopCallsAreInterleavedInTheProgramsOwnSessions) {
  const auto [sessions, repeats] = sessions_and_repeats(
      "SELECT e.session, e.repeat FROM executions e JOIN programs p ON p.id = e.program_id "
      "WHERE p.sample_id = 'honest' AND e.phase = 'noop' AND e.level = 0 AND e.seed = 1 ORDER "
      "BY e.repeat");
  EXPECT_EQ(sessions, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(repeats, (std::vector<std::int64_t>{0, 1}));
  store::Store s(dir_->path() / "db.sqlite");
  auto base = s.db().prepare(
      "SELECT count(*) FROM executions e JOIN programs p ON p.id = e.program_id WHERE p.role = "
      "'baseline' AND e.phase = 'noop'");
  ASSERT_TRUE(base.step());
  EXPECT_EQ(base.int64(0), 0);
}

// A thread the candidate starts while its input is decoded (through the codec's module-level
// scanner) would run inside the no-op calls and make its own subtracted window dearer.
TEST_F(Session, AThreadThatRunsIntoTheNoopCallsFailsTheSample) {
  const Outcome& o = of("noop-thread");
  EXPECT_EQ(o.verdict, "SECURITY") << o.message;
  EXPECT_NE(o.message.find("no-op call was disturbed"), std::string::npos) << o.message;
}

// One session serves both levels of the task. A level the session fails on ends there; the
// level after it still gets a session of its own and is measured as it would be alone.
TEST_F(Session, ALevelThatFailsLeavesTheNextLevelsMeasured) {
  EXPECT_EQ(stress_of("fails-big", 0, 1).first, "RE");
  for (int seed : {1, 2}) {
    const auto [verdict, cpu_s] = stress_of("fails-big", 1, seed);
    EXPECT_EQ(verdict, "OK") << "seed " << seed;
    EXPECT_GT(cpu_s, 0) << "seed " << seed;
  }
  // An honest sample has both levels from each of its sessions.
  EXPECT_EQ(stress_of("honest", 1, 2).first, "OK");
  EXPECT_EQ(stress_of("honest", 0, 2).first, "OK");
}

// The correctness tests of a function task run in one session too, each output checked.
TEST_F(Session, CorrectnessTestsRunInOneSessionWithEveryVerdict) {
  EXPECT_EQ(of("raises").verdict, "RE");
  EXPECT_NE(of("raises").message.find("ValueError: no answer for 10"), std::string::npos)
      << of("raises").message;
  EXPECT_EQ(of("wrong").verdict, "WA") << of("wrong").message;
  EXPECT_EQ(of("no-entry").verdict, "RE");
  EXPECT_NE(of("no-entry").message.find("does not define a function 'work'"), std::string::npos)
      << of("no-entry").message;
}

}  // namespace
}  // namespace pj::test
