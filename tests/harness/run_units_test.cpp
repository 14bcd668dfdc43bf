// Pieces of the run pipeline that need no sandbox: the worker pool, time limits, progress
// rendering, host facts, killing a process tree.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <set>

#include "core/error.hpp"
#include "harness/machine/host_info.hpp"
#include "harness/run/progress.hpp"
#include "harness/run/run.hpp"
#include "harness/run/scheduler.hpp"
#include "harness/task/stress_summary.hpp"

namespace {

using namespace pj::harness;

TEST(RunWorkers, EveryUnitRunsOnceAcrossWorkers) {
  std::atomic<bool> stop{false};
  int next_unit = 0;
  std::mutex mu;
  std::multiset<int> seen;
  std::set<int> workers;
  std::function<std::optional<int>()> next = [&]() -> std::optional<int> {
    if (next_unit == 50) return std::nullopt;
    return next_unit++;
  };
  std::function<void(int&, int)> work = [&](int& u, int w) {
    std::lock_guard lock(mu);
    seen.insert(u);
    workers.insert(w);
  };
  run_workers<int>(3, allowed_cpus(), stop, next, work);
  EXPECT_EQ(seen.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(seen.count(i), 1u);
  for (int w : workers) EXPECT_LT(w, 3);
}

// Each worker returns its freed memory after each unit (return_free_memory). Under ASan that
// once crashed a CI run: glibc's malloc_trim, on arenas ASan's allocator had left
// uninitialised, raced between two workers. Eight workers finishing tiny units at once.
TEST(RunWorkers, ManyWorkersEndingUnitsAtOnceAreSafe) {
  std::atomic<bool> stop{false};
  std::atomic<int> next_unit{0}, done{0};
  std::function<std::optional<int>()> next = [&]() -> std::optional<int> {
    const int u = next_unit++;
    if (u >= 400) return std::nullopt;
    return u;
  };
  std::function<void(int&, int)> work = [&](int&, int) { ++done; };
  run_workers<int>(8, {}, stop, next, work);
  EXPECT_EQ(done.load(), 400);
}

TEST(RunWorkers, WorkersArePinnedToTheirCpu) {
  const auto cpus = allowed_cpus();
  ASSERT_FALSE(cpus.empty());
  std::atomic<bool> stop{false};
  int n = 0;
  std::mutex mu;
  std::set<std::pair<int, int>> pins;  // (worker, cpu it may run on)
  std::function<std::optional<int>()> next = [&]() -> std::optional<int> {
    return n < 8 ? std::optional<int>(n++) : std::nullopt;
  };
  std::function<void(int&, int)> work = [&](int&, int w) {
    cpu_set_t set;
    CPU_ZERO(&set);
    ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
    ASSERT_EQ(CPU_COUNT(&set), 1);
    std::lock_guard lock(mu);
    for (int c : cpus) {
      if (CPU_ISSET(c, &set)) pins.insert({w, c});
    }
  };
  run_workers<int>(2, cpus, stop, next, work);
  for (const auto& [w, c] : pins) EXPECT_EQ(c, cpus[static_cast<std::size_t>(w) % cpus.size()]);
}

TEST(RunWorkers, StopFlagEndsTheQueueAndErrorsPropagate) {
  std::atomic<bool> stop{false};
  int n = 0;
  int done = 0;
  std::function<std::optional<int>()> next = [&]() -> std::optional<int> { return n++; };
  std::function<void(int&, int)> work = [&](int& u, int) {
    ++done;
    if (u == 4) stop = true;
  };
  run_workers<int>(1, {}, stop, next, work);
  EXPECT_EQ(done, 5);

  std::atomic<bool> stop2{false};
  int m = 0;
  std::function<std::optional<int>()> next2 = [&]() -> std::optional<int> { return m++; };
  std::function<void(int&, int)> boom = [&](int& u, int) {
    if (u == 3) pj::fail_input("unit 3 is broken");
  };
  EXPECT_THROW(run_workers<int>(2, {}, stop2, next2, boom), pj::Error);
}

TEST(StressTimeLimit, AlphaTimesSlowestReferenceFlooredCappedAndScaled) {
  EXPECT_DOUBLE_EQ(stress_time_limit(1.0, 2.0, 10.0, 1.0), 2.0);
  EXPECT_DOUBLE_EQ(stress_time_limit(8.0, 2.0, 10.0, 1.0), 10.0);                 // capped
  EXPECT_DOUBLE_EQ(stress_time_limit(0.001, 2.0, 10.0, 1.0), kMinStressSeconds);  // floor
  EXPECT_DOUBLE_EQ(stress_time_limit(1.0, 2.0, 10.0, 3.0), 6.0);                  // scaled
}

TEST(NetCost, GrossMinusBaselineButNeverBelowTheBaselinesUncertainty) {
  const std::vector<double> base = {0.024, 0.031, 0.039};  // a Python driver's CPU seconds
  EXPECT_DOUBLE_EQ(net_cost(0.500, 0.031, base, 1e-6), 0.469);
  // Work that the baseline's own noise hides: its spread (15 ms) over sqrt(3 repeats), not a
  // ratio-breaking 1 us.
  const double floor = (0.039 - 0.024) / std::sqrt(3.0);
  EXPECT_DOUBLE_EQ(net_cost(0.031, 0.030, base, 1e-6), floor);
  EXPECT_DOUBLE_EQ(net_cost(0.020, 0.030, base, 1e-6), floor);
  EXPECT_DOUBLE_EQ(net_cost(0.040, 0.030, base, 1e-6), 0.010);  // above it: the difference
  // One repeat says nothing about the spread: only the absolute floor is left.
  const std::vector<double> one = {0.030};
  EXPECT_DOUBLE_EQ(net_cost(0.029, 0.030, one, 1e-6), 1e-6);
  EXPECT_DOUBLE_EQ(net_cost(1e6, 2e6, {}, 1.0), 1.0);  // instructions
}

pj::store::ExecutionRow call(double cpu_ms, std::optional<std::int64_t> session) {
  pj::store::ExecutionRow r;
  r.cpu_user_ns = static_cast<std::int64_t>(cpu_ms * 1e6);
  r.wall_ns = r.cpu_user_ns;
  r.session = session;
  return r;
}

// Repeats from several sessions: the median of the sessions' estimates, so that one session
// that ran every call 40 % slower does not move the figure; one session (or program tasks'
// executions, which have none): the Hodges-Lehmann estimate of all repeats.
TEST(StressSummary, OneSlowSessionOfThreeDoesNotMoveTheEstimate) {
  const std::vector<pj::store::ExecutionRow> rows = {call(7.0, 0), call(7.2, 0), call(6.8, 1),
                                                     call(7.0, 1), call(9.8, 2), call(9.8, 2)};
  const auto s = summarise_rows(1, 0, 0, "OK", false, rows, nullptr, 0);
  ASSERT_TRUE(s.cpu_s);
  EXPECT_NEAR(*s.cpu_s, 0.0071, 1e-9);  // session 0's 7.1 ms, the median of 7.1, 6.9 and 9.8
  const std::vector<pj::store::ExecutionRow> pooled = {call(7.0, {}), call(7.2, {}), call(6.8, {}),
                                                       call(7.0, {}), call(9.8, {}), call(9.8, {})};
  const auto p = summarise_rows(1, 0, 0, "OK", false, pooled, nullptr, 0);
  ASSERT_TRUE(p.cpu_s);
  EXPECT_GT(*p.cpu_s, 0.0072);  // the slow repeats pull a pooled estimate up
  // The baseline is taken the same way before it is subtracted.
  const std::vector<pj::store::ExecutionRow> base = {call(2.0, 0), call(2.1, 1), call(3.0, 2)};
  const auto n = summarise_rows(1, 0, 0, "OK", false, rows, &base, 2);
  ASSERT_TRUE(n.cpu_s && n.gross_cpu_s);
  EXPECT_NEAR(*n.cpu_s, 0.0071 - 0.0021, 1e-9);
  EXPECT_NEAR(*n.gross_cpu_s, 0.0071, 1e-9);
}

pj::store::ExecutionRow noop(double cpu_ms, std::int64_t session) {
  pj::store::ExecutionRow r = call(cpu_ms, session);
  r.phase = "noop";
  return r;
}

// With the program's own no-op calls, each session's calls are net of its own, so that a
// session's bias, which its calls and its no-op calls share, cancels; then the median session.
TEST(StressSummary, EachSessionIsNetOfItsOwnNoopCalls) {
  const std::vector<pj::store::ExecutionRow> rows = {call(1.2, 0),  call(1.2, 0), call(1.68, 1),
                                                     call(1.68, 1), call(1.2, 2), call(1.2, 2)};
  const std::vector<pj::store::ExecutionRow> own = {noop(1.0, 0), noop(1.4, 1), noop(1.0, 2)};
  const std::vector<pj::store::ExecutionRow> base = {call(1.1, 0), call(1.1, 1), call(1.1, 2)};
  const auto n = summarise_rows(1, 0, 0, "OK", false, rows, &base, 2, &own);
  ASSERT_TRUE(n.cpu_s && n.gross_cpu_s);
  EXPECT_NEAR(*n.cpu_s, 0.0002, 1e-9);        // 0.2, 0.28 and 0.2 ms
  EXPECT_NEAR(*n.gross_cpu_s, 0.0012, 1e-9);  // the median session's calls
  // Against the baseline's own sessions nothing cancels: 1.2 - 1.1 ms.
  const auto b = summarise_rows(1, 0, 0, "OK", false, rows, &base, 2);
  EXPECT_NEAR(*b.cpu_s, 0.0001, 1e-9);
}

// A program that slows its own no-op calls is subtracted at most 1.5 x the baseline's window;
// a session without no-op calls is net of the baseline's; the floor is net_cost's.
TEST(StressSummary, OwnNoopCallsCountAtMostOneAndAHalfBaselines) {
  const std::vector<pj::store::ExecutionRow> rows = {call(10.0, 0), call(10.0, 1), call(10.0, 2)};
  const std::vector<pj::store::ExecutionRow> inflated = {noop(9.9, 0), noop(9.9, 1)};
  const std::vector<pj::store::ExecutionRow> base = {call(1.0, 0), call(1.0, 1), call(1.0, 2)};
  const auto n = summarise_rows(1, 0, 0, "OK", false, rows, &base, 2, &inflated);
  ASSERT_TRUE(n.cpu_s);
  EXPECT_NEAR(*n.cpu_s, 0.0085, 1e-9);  // sessions 0, 1: 10 - 1.5; session 2: 10 - 1
  const std::vector<pj::store::ExecutionRow> cheap = {call(2.0, 0), call(2.0, 1), call(2.0, 2)};
  const std::vector<pj::store::ExecutionRow> dear = {noop(12.0, 0), noop(12.0, 1), noop(12.0, 2)};
  const std::vector<pj::store::ExecutionRow> spread = {call(1.0, 0), call(3.0, 1), call(2.0, 2)};
  const auto f = summarise_rows(1, 0, 0, "OK", false, cheap, &spread, 2, &dear);
  ASSERT_TRUE(f.cpu_s);
  // 2 - 1.5 x 2 < 0: the floor, the baseline's spread (2 ms) over sqrt(3 repeats).
  EXPECT_NEAR(*f.cpu_s, 0.002 / std::sqrt(3.0), 1e-9);
}

pj::store::ExecutionRow counted(double instructions, std::int64_t session,
                                std::optional<double> encoding = std::nullopt,
                                const char* phase = "stress") {
  pj::store::ExecutionRow r = call(1.0, session);
  r.phase = phase;
  r.counters.push_back({"instructions", instructions, "valgrind", {}, {}});
  if (encoding)
    r.counters.push_back(
        {std::string(kEncodePrefix) + "instructions", *encoding, "valgrind", {}, {}});
  return r;
}

// The reference's encoding of the result is estimated as the costs are (per session, then the
// median) and taken out of a program's net after its own no-op calls; the gross keeps it.
TEST(StressSummary, TheReferencesEncodingIsTakenOutOfTheNet) {
  const std::vector<pj::store::ExecutionRow> ref = {counted(3000, 0, 1000), counted(3000, 1, 1200),
                                                    counted(3000, 2, 5000)};
  const EncodingCost e = encoding_cost(ref);
  ASSERT_TRUE(e.instructions);
  EXPECT_DOUBLE_EQ(*e.instructions, 1200);                   // the median session's
  EXPECT_FALSE(encoding_cost({call(3.0, 0)}).instructions);  // no row has it: unknown, not 0
  const std::vector<pj::store::ExecutionRow> own = {
      counted(1000, 0, {}, "noop"), counted(1000, 1, {}, "noop"), counted(1000, 2, {}, "noop")};
  const std::vector<pj::store::ExecutionRow> base = {counted(1000, 0), counted(1000, 1),
                                                     counted(1000, 2)};
  const auto n = summarise_rows(1, 0, 0, "OK", false, ref, &base, 2, &own, &e);
  ASSERT_TRUE(n.instructions && n.gross_instructions && n.cpu_s);
  EXPECT_DOUBLE_EQ(*n.instructions, 3000 - 1000 - 1200);
  EXPECT_DOUBLE_EQ(*n.gross_instructions, 3000);
  // Time costs keep the encoding: its estimate's noise would be added to every program's.
  const auto plain = summarise_rows(1, 0, 0, "OK", false, ref, &base, 2, &own, nullptr);
  EXPECT_DOUBLE_EQ(*plain.instructions, 2000);  // without the reference's figure, nothing more
  EXPECT_DOUBLE_EQ(*n.cpu_s, *plain.cpu_s);
  // And the floor still holds when the encoding is most of the window.
  const EncodingCost dear{2500.0};
  const auto f = summarise_rows(1, 0, 0, "OK", false, ref, &base, 2, &own, &dear);
  EXPECT_DOUBLE_EQ(*f.instructions, 1.0);  // the baseline has no spread: the absolute floor
}

TEST(Progress, LineShowsDoneTotalPassesAndEscapedTask) {
  std::FILE* f = std::tmpfile();
  Progress p(f, Progress::Style::Lines);
  p.set_phase("correctness", Progress::Counting::Samples);
  p.add_total(4);
  p.finished_unit(true);
  p.finished_unit(false);
  p.set_current("task\x1b[2J");
  const std::string line = p.render_line();
  EXPECT_NE(line.find("2/4"), std::string::npos) << line;
  EXPECT_NE(line.find("passed 1"), std::string::npos) << line;
  EXPECT_NE(line.find("task\\x1b[2J"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA"), std::string::npos) << line;
  p.line_interval = std::chrono::milliseconds(0);
  p.tick();
  p.finish();
  std::rewind(f);
  char buf[512] = {};
  const auto n = std::fread(buf, 1, sizeof buf - 1, f);
  EXPECT_GT(n, 0u);
  EXPECT_EQ(std::string(buf).find('\r'), std::string::npos);  // plain lines, no live bar
  std::fclose(f);
}

TEST(Progress, EachPhaseCountsOnlyItsOwnWork) {
  Progress p(nullptr, Progress::Style::Quiet);
  p.set_phase("ingest", Progress::Counting::Open);
  for (int i = 0; i < 5; ++i) p.finished_unit();
  std::string line = p.render_line();
  EXPECT_NE(line.find("ingest      5 read"), std::string::npos) << line;
  EXPECT_EQ(line.find("0/0"), std::string::npos) << line;
  p.set_phase("correctness", Progress::Counting::Samples);
  p.add_total(3);
  for (int i = 0; i < 3; ++i) p.finished_unit(true);
  EXPECT_NE(p.render_line().find("3/3"), std::string::npos) << p.render_line();
  // The stress phase counts its units only, not the correctness checks before it, and says
  // nothing of passes (it judges none).
  p.set_phase("stress");
  p.add_total(2);
  p.finished_unit();
  line = p.render_line();
  EXPECT_NE(line.find("] 1/2"), std::string::npos) << line;
  EXPECT_EQ(line.find("passed"), std::string::npos) << line;
}

TEST(Progress, QuietPrintsNothingButMessages) {
  std::FILE* f = std::tmpfile();
  Progress p(f, Progress::Style::Quiet);
  p.add_total(1);
  p.finished_unit();
  p.tick();
  p.finish();
  EXPECT_EQ(std::ftell(f), 0);
  p.message("perfjudge: error: x");
  EXPECT_GT(std::ftell(f), 0);
  std::fclose(f);
}

TEST(HostInfo, RecordsTheFactsReportsNeed) {
  const auto j = host_info();
  for (const char* k : {"cpu_model", "kernel", "cores", "counter_backend", "governor"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  const std::string b = j["counter_backend"];
  EXPECT_TRUE(b == "perf" || b == "valgrind") << b;
  EXPECT_GE(j["cores"].get<int>(), 1);
}

TEST(KillDescendants, KillsGrandchildren) {
  int pipefd[2];
  ASSERT_EQ(::pipe(pipefd), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    // child -> grandchild sleeping; the grandchild holds the pipe's write end
    ::close(pipefd[0]);
    if (::fork() == 0) {
      ::execl("/bin/sleep", "sleep", "30", static_cast<char*>(nullptr));
      ::_exit(1);
    }
    // The grandchild exists now: say so, instead of the parent guessing with a sleep.
    if (::write(pipefd[1], "r", 1) != 1) ::_exit(1);
    ::close(pipefd[1]);
    ::pause();
    ::_exit(0);
  }
  ::close(pipefd[1]);
  char c;
  ASSERT_EQ(::read(pipefd[0], &c, 1), 1);  // the grandchild is forked, however slow the machine
  const auto t0 = std::chrono::steady_clock::now();
  kill_descendants(::getpid());
  EXPECT_EQ(::read(pipefd[0], &c, 1), 0);  // EOF: every holder of the write end is dead
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  ::close(pipefd[0]);
  int st = 0;
  ::waitpid(child, &st, 0);
  EXPECT_TRUE(WIFSIGNALED(st));
}

}  // namespace
