// Program tasks are reported net of their language's start-up: on a tiny input, a Python
// program doing ~20 ms of work must not look like one doing ~1 ms just because both pay the
// interpreter's start-up. The work is fixed in loop iterations (20x apart), so the figures scale
// with the machine's speed. What is asserted exactly is the arithmetic: each net figure is its
// gross figure minus the Hodges-Lehmann estimate of the baseline's stored repeats. The ratio of
// the two samples' costs depends on the machine's load (a ctest job beside this one once took it
// from ~11 to 3.7), so it gets a generous margin.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/temp_dir.hpp"
#include "metrics/metrics.hpp"
#include "run_test_util.hpp"
#include "task_test_util.hpp"

namespace {

namespace fs = std::filesystem;
using pj::harness::testing::slurp;
using pj::harness::testing::write;

// A task whose only input is "3\n1 2 3\n", so start-up is nearly all a trivial program costs.
void write_task(const fs::path& dir) {
  write(dir / "task.toml", R"(id = "tiny-sum"
statement = "statement.md"
kind = "program"
languages = ["python"]
[limits]
cpu_seconds = 5.0
memory_mib = 256
[stress]
generator = "gen.py"
[[stress.levels]]
args = ["3"]
seeds = [1]
hardness = 1
[[references]]
name = "sum-py"
file = "ref/sum.py"
level = "expert"
)");
  write(dir / "statement.md", "Print the sum of n numbers.\n");
  write(dir / "gen.py", "print(3)\nprint('1 2 3')\n");
  write(dir / "tests" / "one.in", "3\n1 2 3\n");
  write(dir / "tests" / "one.out", "6\n");
  write(dir / "ref" / "sum.py",
        "import sys\nd = sys.stdin.read().split()\nprint(sum(map(int, d[1:])))\n");
}

// A sample that sums the input after `iterations` steps of busy work in a function (locals,
// so each step costs the same everywhere); the 20-fold ratio of work is what must show.
std::string busy_sample(const std::string& id, long iterations) {
  const std::string code =
      "import sys\\ndef work(n):\\n    s = 0\\n    for i in range(n):\\n        s += i & 7\\n"
      "    return s\\nwork(" +
      std::to_string(iterations) +
      ")\\nd = sys.stdin.read().split()\\nprint(sum(map(int, d[1:])))\\n";
  return R"({"task_id": "tiny-sum", "model": "m", "sample_id": ")" + id +
         R"(", "language": "python", "solution": ")" + code + "\"}\n";
}

TEST(RunNetStartup, TwentyMillisecondsOfWorkAreNotOneMillisecond) {
  pj::TempDir dir("pj-net-startup");
  write_task(dir.path() / "tasks" / "tiny-sum");
  const fs::path samples = dir.path() / "samples.jsonl";
  // ~20 ms and ~1 ms of CPU on this machine (about 40 ns a step).
  write(samples, busy_sample("work-20ms", 500000) + busy_sample("work-1ms", 25000));
  const fs::path db = dir.path() / "r.sqlite";
  const fs::path log = dir.path() / "log.txt";
  const int rc = pj::test::run_perfjudge(
      {"run", "--tasks", (dir.path() / "tasks").string(), "--samples", samples.string(), "--db",
       db.string(), "--cost", "cpu_time", "--repeats", "7", "--warmup", "1", "--cache",
       (dir.path() / "cache").string(), "--quiet"},
      log);
  ASSERT_EQ(rc, 0) << slurp(log);

  pj::store::Store s(db);
  struct Costs {
    double net = 0, gross = 0;
    std::int64_t baseline_id = 0;
  };
  std::map<std::string, Costs> by;
  auto st = s.db().prepare(
      "SELECT p.sample_id, sr.cpu_s, sr.gross_cpu_s, sr.baseline_id FROM stress_results sr "
      "JOIN programs p ON p.id = sr.program_id WHERE p.role = 'sample' AND sr.verdict = 'OK'");
  while (st.step()) by[st.text(0)] = {st.real(1), st.real(2), st.int64(3)};
  ASSERT_EQ(by.size(), 2u) << slurp(log);
  const Costs slow = by["work-20ms"], fast = by["work-1ms"];

  // The baseline subtracted is the task's empty Python program, stored as a program.
  auto b = s.db().prepare("SELECT role, language, source FROM programs WHERE id = ?");
  b.bind(1, slow.baseline_id);
  ASSERT_TRUE(b.step());
  EXPECT_EQ(b.text(0), "baseline");
  EXPECT_EQ(b.text(1), "python");
  EXPECT_EQ(b.text(2), "");
  EXPECT_EQ(fast.baseline_id, slow.baseline_id);
  EXPECT_EQ(pj::test::scalar(s, "SELECT count(*) FROM programs WHERE role = 'baseline'"), 1);
  // Its measured runs are stored like everyone's: the gross figures stay in `executions`.
  EXPECT_EQ(pj::test::scalar(s,
                             "SELECT count(*) FROM executions WHERE phase = 'stress' AND "
                             "program_id = " +
                                 std::to_string(slow.baseline_id)),
            7);

  // Net = gross - HL(baseline's repeats), exactly, for both samples, floored (README, "Store")
  // at the baseline estimate's uncertainty, its range over sqrt(n): under load the 1 ms
  // sample's few milliseconds can fall inside the start-up's noise.
  std::vector<double> base_cpu;
  auto e = s.db().prepare(
      "SELECT cpu_user_ns + cpu_sys_ns FROM executions WHERE phase = 'stress' AND repeat >= 0 "
      "AND program_id = ?");
  e.bind(1, slow.baseline_id);
  while (e.step()) base_cpu.push_back(static_cast<double>(e.int64(0)) / 1e9);
  ASSERT_EQ(base_cpu.size(), 7u);
  const double base = pj::metrics::hodges_lehmann(base_cpu);
  const auto [lo, hi] = std::minmax_element(base_cpu.begin(), base_cpu.end());
  const double floor = std::max(1e-6, (*hi - *lo) / std::sqrt(7.0));
  EXPECT_GT(base, 0);
  EXPECT_NEAR(slow.net, std::max(slow.gross - base, floor), 1e-9);
  EXPECT_NEAR(fast.net, std::max(fast.gross - base, floor), 1e-9);

  const double net_ratio = slow.net / fast.net;
  const double gross_ratio = slow.gross / fast.gross;
  // Idle this is about 11 (the 1 ms loop costs about 3 ms of CPU here) and the gross ratio about
  // 2.7; under load it has been seen at 3.7, so 2 is the margin.
  EXPECT_GT(net_ratio, 2) << "net " << slow.net << " / " << fast.net << ", gross " << slow.gross
                          << " / " << fast.gross;
  EXPECT_LT(gross_ratio, net_ratio);
  EXPECT_LT(slow.net, slow.gross);
  EXPECT_LT(fast.net, fast.gross);  // the floor is far below the ~15 ms start-up
}

}  // namespace
