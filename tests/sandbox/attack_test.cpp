// Attacks on the sandbox's own machinery (issue 11, "Found by the attack"): each test runs a
// hostile program that succeeded against an earlier version.
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "common/launch.hpp"
#include "core/error.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

TEST(Attack, CandidateCannotReachTheInitHelperToForgeReports) {
  // 300 ms of CPU, then /proc/1/mem and pidfd_getfd on init's report pipe.
  auto cfg = config({hostile("forge"), "300"});
  cfg.limits.cpu_seconds = 5;
  auto c = run_captured(cfg);
  EXPECT_TRUE(contains(c.out, "mem denied")) << c.out;
  EXPECT_TRUE(contains(c.out, "getfd denied")) << c.out;
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.out;
  // The honest figures of 300 ms of work, not the forged 1 us.
  EXPECT_GE(c.result.cpu_user_ns + c.result.cpu_sys_ns, 250'000'000u);
  EXPECT_GE(c.result.wall_ns, 250'000'000u);
}

TEST(Attack, CpuOfAutoReapedChildrenIsCounted) {
  // Three children of 300 ms each that nobody waits for: 900 ms the rusage never sees.
  auto cfg = config({hostile("autoreap"), "3", "300"});
  cfg.limits.cpu_seconds = 5;
  auto c = run_captured(cfg);
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_GE(c.result.cpu_user_ns + c.result.cpu_sys_ns, 800'000'000u);
}

TEST(Attack, AutoReapedChildrenCannotOutrunTheCpuLimit) {
  // 30 x 100 ms, one child at a time, under a 1 s limit of the whole tree: no sample of the
  // live processes ever sees more than one child's time.
  auto cfg = config({hostile("autoreap"), "30", "100", "one-at-a-time"});
  cfg.limits.cpu_seconds = 1;
  cfg.limits.wall_seconds = 60;
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::TLE) << c.result.message;
  // Killed near the limit, not after the 3 s of work (margin for a slow, loaded machine).
  EXPECT_LT(c.result.cpu_user_ns + c.result.cpu_sys_ns, 2'500'000'000u);
}

TEST(Attack, SigxcpuFromTheRlimitIsATimeLimit) {
  auto cfg = config({hostile("xcpu")});
  cfg.limits.cpu_seconds = 5;
  cfg.limits.wall_seconds = 60;
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::TLE) << c.result.message;
  EXPECT_TRUE(contains(c.result.message, "SIGXCPU")) << c.result.message;
}

TEST(Attack, TiocstiCannotInjectIntoTheCallersTerminal) {
  // A child process that owns a pseudo-terminal as its controlling terminal runs the sandbox
  // with that terminal as stdin, as `perfjudge sandbox --stdin /dev/stdin` from a shell would.
  int master = -1, slave = -1;
  char slave_name[256] = {};
  ASSERT_EQ(::openpty(&master, &slave, slave_name, nullptr, nullptr) == 0 ? 0 : errno, 0);
  ::close(slave);
  TempDir dir("pj-tiocsti");
  const auto out = dir.path() / "out";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setsid();
    const int tty = ::open(slave_name, O_RDWR);  // becomes the controlling terminal
    if (tty < 0 || ::ioctl(tty, TIOCSCTTY, 0) != 0) ::_exit(90);
    auto cfg = config({hostile("tiocsti")});
    cfg.stdin_path = slave_name;
    cfg.stdout_path = out;
    const Result r = run(cfg);
    ::_exit(r.verdict == Verdict::OK ? 0 : 91);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  ASSERT_TRUE(WIFEXITED(st));
  ASSERT_EQ(WEXITSTATUS(st), 0);
  EXPECT_TRUE(contains(slurp(out), "denied")) << slurp(out);
  // Nothing was pushed into the terminal's input queue.
  ::fcntl(master, F_SETFL, O_NONBLOCK);
  char buf[256];
  const ssize_t n = ::read(master, buf, sizeof buf);
  EXPECT_FALSE(n > 0 &&
               std::string(buf, static_cast<std::size_t>(n)).find("PWNED") != std::string::npos);
  ::close(master);
}

// A workdir reused after a hostile run: links and FIFOs it left must not be followed by the
// supervisor, which may run as root.
class PlantedWorkdir : public ::testing::Test {
 protected:
  void SetUp() override {
    secret_ = outside_.path() / "secret";
    std::ofstream(secret_) << "root only\n";
    ::chmod(secret_.c_str(), 0600);
  }
  TempDir work_{"pj-planted"}, outside_{"pj-outside"};
  std::filesystem::path secret_;
};

TEST_F(PlantedWorkdir, SymlinkedStdinIsRefused) {
  std::filesystem::create_symlink(secret_, work_.path() / "in.txt");
  auto cfg = config({"/bin/cat"});
  cfg.workdir = work_.path();
  cfg.stdin_path = work_.path() / "in.txt";
  try {
    run(cfg);
    FAIL() << "a symlinked --stdin below the workdir was opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_TRUE(contains(e.what(), "symbolic link")) << e.what();
  }
}

TEST_F(PlantedWorkdir, SymlinkedStdoutDoesNotOverwriteItsTarget) {
  std::filesystem::create_symlink(secret_, work_.path() / "out.txt");
  auto cfg = config({"/bin/echo", "overwritten"});
  cfg.workdir = work_.path();
  cfg.stdout_path = work_.path() / "out.txt";
  EXPECT_THROW(run(cfg), Error);
  EXPECT_EQ(slurp(secret_), "root only\n");
}

TEST_F(PlantedWorkdir, SymlinkedParentDirectoryIsNotFollowed) {
  std::filesystem::create_directory_symlink(outside_.path(), work_.path() / "sub");
  auto cfg = config({"/bin/echo", "overwritten"});
  cfg.workdir = work_.path();
  cfg.stdout_path = work_.path() / "sub" / "secret";
  EXPECT_THROW(run(cfg), Error);
  EXPECT_EQ(slurp(secret_), "root only\n");
}

TEST_F(PlantedWorkdir, FifoAsStdinDoesNotHang) {
  ASSERT_EQ(::mkfifo((work_.path() / "in.txt").c_str(), 0666), 0);
  auto cfg = config({"/bin/cat"});
  cfg.workdir = work_.path();
  cfg.stdin_path = work_.path() / "in.txt";
  EXPECT_THROW(run(cfg), Error);
}

TEST_F(PlantedWorkdir, RegularFilesBelowTheWorkdirStillWork) {
  std::ofstream(work_.path() / "in.txt") << "hello\n";
  auto cfg = config({"/bin/cat"});
  cfg.workdir = work_.path();
  cfg.stdin_path = work_.path() / "in.txt";
  cfg.stdout_path = work_.path() / "out.txt";
  EXPECT_EQ(run(cfg).verdict, Verdict::OK);
  EXPECT_EQ(slurp(work_.path() / "out.txt"), "hello\n");
}

// True while a process runs exactly `/bin/sleep ARG` (not perfjudge, whose argv holds it too).
bool sleep_with_arg_exists(const std::string& arg) {
  const std::string wanted = std::string("/bin/sleep") + '\0' + arg + '\0';
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string cmdline = slurp(e.path() / "cmdline");
    if (cmdline == wanted) return true;
  }
  return false;
}

TEST(Attack, SandboxDiesWithASupervisorKilledByKill9) {
  // A unique argument marks the sandboxed sleep in /proc.
  const std::string marker = "9" + std::to_string(::getpid()) + "7";
  const TempDir dir("pj-attack");
  const pid_t pid = pj::test::spawn_perfjudge(
      {"sandbox", "--time-limit", "600", "--", "/bin/sleep", marker}, dir.path() / "log");
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!sleep_with_arg_exists(marker) && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(sleep_with_arg_exists(marker)) << "the sandboxed sleep never started";
  ::kill(pid, SIGKILL);
  pj::test::wait_exit(pid);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (sleep_with_arg_exists(marker) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(sleep_with_arg_exists(marker)) << "the sandbox outlived its supervisor";
}

}  // namespace
}  // namespace pj::sandbox::test
