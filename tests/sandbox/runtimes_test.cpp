// Python, the JVM and node run normally under the seccomp filter and the minimal root.
#include <atomic>
#include <cstdlib>
#include <thread>

#include "common/launch.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

TEST(Runtimes, Python) {
  auto c = run_captured(config({"/usr/bin/python3", "-c",
                                "import sys, json, os; print(json.dumps([sum(range(10)), "
                                "os.getcwd() != '']))"}));
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_EQ(c.out, "[45, true]\n");
}

TEST(Runtimes, PythonMultiprocessingStyleForkAndThreads) {
  auto c = run_captured(config({"/usr/bin/python3", "-c",
                                "import os, threading\n"
                                "t = threading.Thread(target=lambda: None); t.start(); t.join()\n"
                                "pid = os.fork()\n"
                                "if pid == 0: os._exit(0)\n"
                                "os.waitpid(pid, 0); print('ok')"}));
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_EQ(c.out, "ok\n");
}

TEST(Runtimes, Node) {
  auto cfg = config({"/usr/bin/node", "-e", "console.log([1,2,3].map(x => x * 2).join(','))"});
  cfg.limits.memory_mib = 1024;
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_EQ(c.out, "2,4,6\n");
}

TEST(Runtimes, JavaCompiledClass) {
  TempDir work("pj-sandbox-java");
  {
    std::ofstream(work.path() / "Hello.java") << "public class Hello { public static void "
                                                 "main(String[] a) { System.out.println(\"hi \" + "
                                                 "Runtime.getRuntime().availableProcessors() / "
                                                 "Runtime.getRuntime().availableProcessors()); } }";
  }
  const auto javac = pj::test::run_process(
      {"/usr/bin/javac", "-d", work.path().string(), (work.path() / "Hello.java").string()});
  ASSERT_EQ(javac.status, 0) << javac.err;
  auto cfg = config({"/usr/bin/java", "-cp", work.path().string(), "Hello"});
  cfg.workdir = work.path();
  cfg.limits.memory_mib = 1024;
  cfg.limits.cpu_seconds = 10;
  cfg.limits.wall_seconds = 20;
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_EQ(c.out, "hi 1\n");
}

TEST(Concurrency, ParallelRunsStayIsolatedAndLeakNothing) {
  constexpr int kThreads = 4;
  std::vector<Captured> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([i, &results] {
      auto cfg = config({hostile("fds_env")});
      cfg.env = {{"RUN", std::to_string(i)}};
      results[static_cast<std::size_t>(i)] = run_captured(cfg);
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    const auto& c = results[static_cast<std::size_t>(i)];
    EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
    EXPECT_EQ(c.out, "fd 0\nfd 1\nfd 2\nenv PATH=/usr/local/bin:/usr/bin:/bin\nenv RUN=" +
                         std::to_string(i) + "\n");
  }
}

TEST(Concurrency, StartsWhileOtherThreadsAreBeingCreated) {
  // Another thread creates and joins threads without pause while this one launches sandboxes:
  // a launch that copied the process while glibc's thread-list lock was held used to hang in
  // the child's setresuid until the 20 s start timeout (the make-run failure of issue 11).
  std::atomic<bool> stop = false;
  std::thread churn([&stop] {
    while (!stop) std::thread([] {}).join();
  });
  int failures = 0;
  std::string first_failure;
  for (int i = 0; i < 150; ++i) {
    auto cfg = config({"/bin/true"});
    const Result r = run(cfg);
    if (r.verdict != Verdict::OK && failures++ == 0) first_failure = r.message;
    if (failures >= 2) break;  // each hang costs the whole start timeout
  }
  stop = true;
  churn.join();
  EXPECT_EQ(failures, 0) << first_failure;
}

}  // namespace
}  // namespace pj::sandbox::test
