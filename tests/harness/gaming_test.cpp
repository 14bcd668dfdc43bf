// Issue 15, validity benchmark 4 ("Gaming"): hostile samples that try to game the score must
// score no better than an honest slow solution of the same task. The samples are bundled in
// bench/validity/gaming/ (one JSONL file per task, each solution opening with a comment on what
// it tries; the README there says which mechanism stops each). The tasks are two twins under
// tests/fixtures/gaming/tasks, a program task and a function task, whose honest slow solution
// is quadratic (tens of ms per input) and whose fast reference is linear.
//
// Every gaming sample does the slow work unless its trick works, and skips it when it does. So
// "no better" is: its verdict is not OK, or its net CPU cost is at least half the honest slow
// sample's (a trick that worked would cost a few percent of it). Each sample's verdict is also
// asserted exactly, which names the defence that stopped it. The only timing assumption is the
// factor of 2 between two runs of the same loop, and the factor of 3 by which the quadratic
// yardstick must exceed the linear reference (about 100 on an idle machine).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "core/temp_dir.hpp"
#include "run_test_util.hpp"
#include "store/store.hpp"
#include "task_test_util.hpp"

namespace pj::test {
namespace {

namespace fs = std::filesystem;
using harness::testing::slurp;

fs::path gaming_dir() {
  return fs::path(PJ_SOURCE_DIR) / "bench" / "validity" / "gaming";
}

struct Score {
  std::string role;
  std::string verdict;  // its stress verdict, else its correctness one
  double cpu_s = -1;    // net CPU time per input, when measured
  std::string message;  // why it failed, if it did
};

// `perfjudge run` of one gaming sample file on the fixture tasks: three measured repeats
// (a function task's three calls per input in one session: what the carried-state rule needs).
std::map<std::string, Score> evaluate(const std::string& task, const TempDir& dir) {
  const fs::path db = dir.path() / "db.sqlite";
  const fs::path log = dir.path() / "log";
  auto args = quick_run_args(gaming_dir() / (task + ".jsonl"), db, dir.path() / "cache",
                             fixture_path("gaming") / "tasks");
  set_option(args, "--repeats", "3");
  args.push_back("--quiet");
  const int rc = run_perfjudge(args, log);
  EXPECT_EQ(rc, 0) << slurp(log);
  std::map<std::string, Score> out;
  store::Store s(db);
  auto st = s.db().prepare(
      "SELECT p.sample_id, p.role, COALESCE(r.verdict, pr.verdict), r.cpu_s, COALESCE((SELECT "
      "e.message FROM executions e WHERE e.program_id = p.id AND e.verdict != 'OK' AND "
      "e.message IS NOT NULL LIMIT 1), pr.message, '') FROM programs p JOIN program_results pr "
      "ON pr.program_id = p.id LEFT JOIN stress_results r ON r.program_id = p.id");
  while (st.step()) {
    Score sc{st.text(1), st.text(2), st.is_null(3) ? -1 : st.real(3), st.text(4)};
    out[st.text(0)] = sc;
  }
  return out;
}

// What stops each case: OK means it was measured like the honest sample, its trick having no
// effect; any other verdict is the defence that caught it (bench/validity/gaming/README.md).
const std::map<std::string, std::string>& expected_program() {
  static const std::map<std::string, std::string> m{
      {"patch-timers", "OK"},       {"file-cache", "OK"},         {"read-expected", "OK"},
      {"fork-daemon", "WA"},        {"fork-worker", "OK"},        {"threads", "OK"},
      {"right-then-garbage", "OK"}, {"detect-measurement", "WA"},
  };
  return m;
}

const std::map<std::string, std::string>& expected_function() {
  static const std::map<std::string, std::string> m{
      {"patch-timers", "OK"},
      {"driver-frames", "SECURITY"},
      {"file-cache", "OK"},
      {"read-expected", "OK"},
      {"fork-daemon", "SECURITY"},
      // Its grandchild may still be exiting when the call ends (SECURITY) or be gone (OK, and
      // counted by the inherited task-clock): a race, and both stop it.
      {"fork-worker", "OK|SECURITY"},
      {"threads", "OK"},
      {"lazy-int", "OK"},
      {"always-equal", "WA"},
      {"right-then-garbage", "WA"},
      {"detect-measurement", "WA"},
  };
  return m;
}

void expect_no_better(const std::string& task, const std::map<std::string, std::string>& want) {
  TempDir dir("pj-gaming-test");
  const auto scores = evaluate(task, dir);
  const auto at = [&](const std::string& id) {
    const auto it = scores.find(id);
    return it == scores.end() ? Score{"", "(missing)", -1, ""} : it->second;
  };
  // The yardstick: the honest quadratic sample, measured, and well above the linear reference,
  // so that a trick that skipped its work would show.
  const Score slow = at("honest-slow"), fast = at("fast-py");
  ASSERT_EQ(slow.verdict, "OK") << slow.message;
  ASSERT_EQ(fast.verdict, "OK") << fast.message;
  ASSERT_GT(slow.cpu_s, 3 * fast.cpu_s)
      << "honest-slow " << slow.cpu_s << " s, fast-py " << fast.cpu_s << " s";

  std::set<std::string> samples;
  for (const auto& [id, sc] : scores)
    if (sc.role == "sample" && id != "honest-slow") samples.insert(id);
  std::set<std::string> listed;
  for (const auto& [id, verdict] : want) listed.insert(id);
  EXPECT_EQ(samples, listed) << "every gaming sample of " << task << " has its expected verdict";

  for (const auto& [id, verdict] : want) {
    const Score g = at(id);
    const bool either = verdict.find('|') != std::string::npos;
    if (either) {
      EXPECT_NE(("|" + verdict + "|").find("|" + g.verdict + "|"), std::string::npos)
          << task << " / " << id << ": " << g.verdict << ", " << g.message;
    } else {
      EXPECT_EQ(g.verdict, verdict) << task << " / " << id << ": " << g.message;
    }
    if (g.verdict != "OK") continue;  // not scored: no better than any passing sample
    EXPECT_GE(g.cpu_s, 0.5 * slow.cpu_s)
        << task << " / " << id << " beat the honest slow sample: " << g.cpu_s << " s against "
        << slow.cpu_s << " s";
  }
}

TEST(Gaming, ProgramTaskTricksScoreNoBetterThanTheHonestSlowSample) {
  expect_no_better("zero-pairs", expected_program());
}

TEST(Gaming, FunctionTaskTricksScoreNoBetterThanTheHonestSlowSample) {
  expect_no_better("zero-pairs-fn", expected_function());
}

// The README of the gaming set names every case of both files, with its defence.
TEST(Gaming, EveryCaseIsDocumented) {
  const std::string readme = slurp(gaming_dir() / "README.md");
  for (const auto* want : {&expected_program(), &expected_function()})
    for (const auto& [id, verdict] : *want)
      EXPECT_NE(readme.find("`" + id + "`"), std::string::npos) << id;
}

}  // namespace
}  // namespace pj::test
