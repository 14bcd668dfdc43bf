// Verdicts from limits, crashes and awkward output, each with a hostile program.
#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <csignal>

#include "core/error.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

using Clock = std::chrono::steady_clock;

// Host pids whose command line contains `marker`.
std::vector<pid_t> processes_with(const std::string& marker) {
  std::vector<pid_t> found;
  DIR* d = ::opendir("/proc");
  while (const dirent* e = d ? ::readdir(d) : nullptr) {
    const pid_t pid = std::atoi(e->d_name);
    if (pid <= 0 || pid == ::getpid()) continue;
    std::string cmdline = slurp("/proc/" + std::string(e->d_name) + "/cmdline");
    if (contains(cmdline, marker)) found.push_back(pid);
  }
  if (d) ::closedir(d);
  return found;
}

TEST(Limits, SleeperGetsTleWall) {
  auto cfg = config({hostile("sleeper")});
  cfg.limits.wall_seconds = 0.5;
  const auto t0 = Clock::now();
  const Result r = run(cfg);
  EXPECT_EQ(r.verdict, Verdict::TLE_WALL) << r.message;
  EXPECT_TRUE(r.killed_by_sandbox);
  EXPECT_GE(r.wall_ns, 500'000'000u);
  // Killed at the limit, not left sleeping forever; 15 s holds on a machine ten times slower.
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(15));
  EXPECT_LT(r.cpu_user_ns + r.cpu_sys_ns, 100'000'000u);  // it slept
}

TEST(Limits, SpinnerGetsTle) {
  auto cfg = config({hostile("spinner")});
  cfg.limits.cpu_seconds = 0.5;
  cfg.limits.wall_seconds = 30;  // generous: a loaded CI machine gives the spinner little CPU
  const Result r = run(cfg);
  EXPECT_EQ(r.verdict, Verdict::TLE) << r.message;
  EXPECT_TRUE(r.killed_by_sandbox);
  EXPECT_GE(r.cpu_user_ns + r.cpu_sys_ns, 400'000'000u);
}

TEST(Limits, TenGibAllocationGetsMleQuickly) {
  auto cfg = config({hostile("alloc"), "10240"});
  cfg.limits.memory_mib = 128;
  cfg.limits.cpu_seconds = 10;
  cfg.limits.wall_seconds = 30;
  const auto t0 = Clock::now();
  const Result r = run(cfg);
  EXPECT_EQ(r.verdict, Verdict::MLE) << r.message;
  EXPECT_TRUE(r.killed_by_sandbox);
  EXPECT_GT(r.max_rss_kib, 128u * 1024);
  EXPECT_LT(r.max_rss_kib, 1024u * 1024);  // stopped long before 10 GiB
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(20));
}

TEST(Limits, PeakMemoryOfAnOkRunIsMeasured) {
  auto cfg = config({hostile("alloc"), "64"});
  const Result r = run(cfg);
  ASSERT_EQ(r.verdict, Verdict::OK) << r.message;
  EXPECT_GE(r.max_rss_kib, 64u * 1024);
  EXPECT_LT(r.max_rss_kib, 100u * 1024);  // not the supervisor's memory
  // The memory curve spans exactly [0, wall], goes forward in time and never exceeds the peak.
  const auto& curve = r.memory_samples;
  ASSERT_GE(curve.size(), 2u);
  EXPECT_EQ(curve.front().t_s, 0.0);
  EXPECT_EQ(curve.back().t_s, static_cast<double>(r.wall_ns) / 1e9);
  for (std::size_t i = 0; i < curve.size(); ++i) {
    EXPECT_LE(curve[i].rss_kib, r.max_rss_kib) << "sample " << i;
    if (i > 0) {
      EXPECT_LE(curve[i - 1].t_s, curve[i].t_s) << "sample " << i;
    }
  }
  cfg.sample_memory = false;
  EXPECT_TRUE(run(cfg).memory_samples.empty());
}

TEST(Limits, MemoryCurveFollowsAHeldAllocation) {
  // 64 MiB held for 300 ms: the samples in the middle of the run see it.
  const Result r = run(config({hostile("alloc"), "64", "300"}));
  ASSERT_EQ(r.verdict, Verdict::OK) << r.message;
  std::uint64_t seen = 0;
  for (const auto& s : r.memory_samples) seen = std::max(seen, s.rss_kib);
  EXPECT_GE(seen, 64u * 1024);
  EXPECT_GT(r.memory_samples.size(), 10u);  // every 1 to 10 ms for 300 ms
}

TEST(Limits, TreePeakSumsConcurrentProcesses) {
  // Two processes each holding 48 MiB for 800 ms at the same time: the tree's peak is about
  // 96 MiB, more than either process's own peak. The hold (not a sleep after exit) makes the
  // overlap certain even on a loaded machine.
  const std::string a = hostile("alloc") + " 48 800";
  auto cfg = config({"/bin/sh", "-c", a + " & " + a + " & wait"});
  const Result r = run(cfg);
  ASSERT_EQ(r.verdict, Verdict::OK) << r.message;
  EXPECT_GE(r.max_rss_kib, 90u * 1024) << "peak " << r.max_rss_kib;
}

TEST(Limits, JvmAndNodeStartUnderTheDefaultMemoryLimit) {
  Config cfg = config({"/usr/bin/node", "-e", "console.log(6*7)"});
  cfg.limits = Limits{};  // defaults
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_EQ(c.out, "42\n");
  cfg.argv = {"/usr/bin/java", "-version"};
  c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_TRUE(contains(c.err, "version")) << c.err;
}

TEST(Limits, PrintingOneGibGetsOleWithoutBuffering) {
  auto cfg = config({hostile("print"), "1024"});
  cfg.limits.output_mib = 2;
  cfg.limits.cpu_seconds = 5;
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OLE) << c.result.message;
  EXPECT_TRUE(c.result.killed_by_sandbox);
  EXPECT_EQ(c.out.size(), 2u << 20);  // the file holds exactly the cap
  EXPECT_GT(c.result.stdout_bytes, 2u << 20);
  EXPECT_LT(c.result.stdout_bytes, 64u << 20);  // killed early, not after 1 GiB
}

TEST(Limits, ForkBombIsContainedByTheProcessLimit) {
  auto cfg = config({hostile("fork_bomb")});
  cfg.limits.processes = 16;
  cfg.limits.cpu_seconds = 0.5;
  cfg.limits.wall_seconds = 1;
  auto c = run_captured(cfg);
  EXPECT_TRUE(c.result.verdict == Verdict::TLE || c.result.verdict == Verdict::TLE_WALL)
      << to_string(c.result.verdict) << " " << c.result.message;
  EXPECT_TRUE(contains(c.out, "fork refused: Resource temporarily unavailable")) << c.out;
  EXPECT_TRUE(processes_with(hostile("fork_bomb")).empty());
  // The host still forks.
  EXPECT_EQ(run(config({"/bin/true"})).verdict, Verdict::OK);
}

TEST(Limits, NoDescendantSurvivesTheRun) {
  const std::string marker = "pj-survivor-marker-" + std::to_string(::getpid());
  auto cfg = config({hostile("survivor"), marker});
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  EXPECT_TRUE(contains(c.out, "grandchild alive")) << c.out;  // it did exist
  EXPECT_TRUE(processes_with(marker).empty());
}

TEST(Limits, KilledRunLeavesNoProcessEither) {
  const std::string marker = "pj-killed-marker-" + std::to_string(::getpid());
  auto cfg =
      config({"/bin/sh", "-c", "sh -c 'sleep 100; echo " + marker + "' & sleep 100", marker});
  cfg.limits.wall_seconds = 0.3;
  const Result r = run(cfg);
  EXPECT_EQ(r.verdict, Verdict::TLE_WALL) << r.message;
  EXPECT_TRUE(processes_with(marker).empty());
}

TEST(Limits, CrashReportsItsSignal) {
  Result r = run(config({hostile("crash")}));
  EXPECT_EQ(r.verdict, Verdict::RE);
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_FALSE(r.exit_code.has_value());
  EXPECT_FALSE(r.killed_by_sandbox);
  // abort() works even though pid 1 of a namespace ignores signals: init is not the program.
  r = run(config({hostile("crash"), "abort"}));
  EXPECT_EQ(r.verdict, Verdict::RE);
  EXPECT_EQ(r.signal, SIGABRT);
}

TEST(Limits, ExitCodeIsReported) {
  const Result r = run(config({"/bin/sh", "-c", "exit 7"}));
  EXPECT_EQ(r.verdict, Verdict::RE);
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_EQ(r.message, "exited with code 7");
}

TEST(Limits, MissingCommandIsInternalError) {
  const Result r = run(config({"/no/such/program"}));
  EXPECT_EQ(r.verdict, Verdict::IE);
  EXPECT_TRUE(contains(r.message, "No such file or directory")) << r.message;
}

TEST(Output, ClosingStdoutEarlyIsHandled) {
  auto c = run_captured(config({hostile("close_stdout")}));
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  EXPECT_EQ(c.out, "before close\n");
  EXPECT_EQ(c.err, "still alive after closing stdout\n");
}

TEST(Output, BinaryGarbageIsCapturedByteForByte) {
  auto c = run_captured(config({hostile("garbage"), "256"}));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  ASSERT_EQ(c.out.size(), 256u * 1024);
  EXPECT_EQ(c.result.stdout_bytes, 256u * 1024);
  EXPECT_EQ(c.result.stderr_bytes, 256u * 1024);
  for (std::size_t i = 0; i < c.out.size(); i += 997)
    ASSERT_EQ(static_cast<unsigned char>(c.out[i]), i % 1024 % 256);
  EXPECT_EQ(c.out, c.err);
}

TEST(Output, DiscardedOutputIsStillCounted) {
  auto cfg = config({hostile("garbage"), "8"});
  const Result r = run(cfg);  // no stdout/stderr files
  EXPECT_EQ(r.verdict, Verdict::OK);
  EXPECT_EQ(r.stdout_bytes, 8u * 1024);
}

TEST(Config, InvalidConfigsThrow) {
  EXPECT_THROW(run(config({})), Error);
  auto cfg = config({"/bin/true"});
  cfg.limits.cpu_seconds = 0;
  EXPECT_THROW(run(cfg), Error);
  cfg = config({"/bin/true"});
  cfg.env = {{"A=B", "c"}};
  EXPECT_THROW(run(cfg), Error);
  cfg = config({"/bin/true"});
  cfg.workdir = "/nonexistent/pj-dir";
  EXPECT_THROW(run(cfg), Error);
}

}  // namespace
}  // namespace pj::sandbox::test
