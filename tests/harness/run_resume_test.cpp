// Resume: a real perfjudge run is killed (SIGKILL, and separately Ctrl-C) in the middle, then
// the same command finishes it; nothing is measured twice and nothing is half-written.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "run_test_util.hpp"

namespace {

namespace fs = std::filesystem;
using pj::test::scalar;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One worker: the signal must find the run in the middle. With one worker per CPU the 16
// samples' units could all be done between the third unit's store and the signal.
std::vector<std::string> many_args(const pj::TempDir& dir) {
  auto args = pj::test::quick_run_args(pj::test::run_fixture() / "many.jsonl",
                                       dir.path() / "r.sqlite", dir.path() / "cache");
  args.insert(args.end(), {"--jobs", "1"});
  return args;
}

// Waits until at least `n` correctness units are stored (reading the live database).
void wait_for_units(const fs::path& db, int n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::error_code ec;
    if (!fs::exists(db, ec)) continue;
    try {
      pj::store::Store s(db);
      if (scalar(s, "SELECT count(*) FROM units_done WHERE unit LIKE 'check:%'") >= n) return;
    } catch (const pj::Error&) {  // created but not migrated yet
    }
  }
  FAIL() << "the run never stored " << n << " units";
}

void expect_complete_without_duplicates(const fs::path& db) {
  pj::store::Store s(db);
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM runs"), 1);
  auto st = s.db().prepare("SELECT status FROM runs");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0), "complete");
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM programs WHERE role = 'sample'"), 16);
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM program_results r JOIN programs p ON p.id = "
                   "r.program_id WHERE p.role = 'sample'"),
            16);
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM program_results r JOIN programs p ON p.id = "
                   "r.program_id WHERE p.role = 'sample' AND r.verdict = 'OK'"),
            8);
  // No execution stored twice: (program, phase, test, level, seed, repeat) is unique.
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM (SELECT 1 FROM executions GROUP BY program_id, "
                   "phase, test_name, level, seed, repeat HAVING count(*) > 1)"),
            0);
  // A program with a result has all its test executions (none lost in a torn unit).
  EXPECT_EQ(scalar(s,
                   "SELECT count(*) FROM program_results r WHERE r.verdict = 'OK' AND "
                   "(SELECT count(*) FROM executions e WHERE e.program_id = r.program_id AND "
                   "e.phase = 'test') != 2"),
            0);
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM units_done WHERE unit LIKE 'stress:%'"), 1);
}

TEST(RunResume, KillNineThenRerunFinishesWithoutDuplicates) {
  pj::TempDir dir("pj-resume");
  const auto args = many_args(dir);
  const pid_t pid = pj::test::spawn_perfjudge(args, dir.path() / "log1.txt");
  wait_for_units(dir.path() / "r.sqlite", 3);
  ::kill(pid, SIGKILL);
  pj::test::wait_exit(pid);
  pj::test::kill_leftovers(pid);
  {
    pj::store::Store s(dir.path() / "r.sqlite");
    const auto done = scalar(s, "SELECT count(*) FROM units_done WHERE unit LIKE 'check:%'");
    EXPECT_LT(done, 18) << "killed too late to test anything";  // 16 samples + 2 references
  }
  ASSERT_EQ(pj::test::run_perfjudge(args, dir.path() / "log2.txt"), 0)
      << slurp(dir.path() / "log2.txt");
  EXPECT_NE(slurp(dir.path() / "log2.txt").find("resuming run 1"), std::string::npos);
  expect_complete_without_duplicates(dir.path() / "r.sqlite");
}

TEST(RunResume, CtrlCStopsCleanlyWith130ThenRerunFinishes) {
  pj::TempDir dir("pj-sigint");
  const auto args = many_args(dir);
  const pid_t pid = pj::test::spawn_perfjudge(args, dir.path() / "log1.txt");
  wait_for_units(dir.path() / "r.sqlite", 3);
  ::kill(pid, SIGINT);
  EXPECT_EQ(pj::test::wait_exit(pid), 130) << slurp(dir.path() / "log1.txt");
  {
    pj::store::Store s(dir.path() / "r.sqlite");
    auto st = s.db().prepare("SELECT status FROM runs");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), "interrupted");
  }
  ASSERT_EQ(pj::test::run_perfjudge(args, dir.path() / "log2.txt"), 0)
      << slurp(dir.path() / "log2.txt");
  expect_complete_without_duplicates(dir.path() / "r.sqlite");
}

}  // namespace
