// Each isolation promise of the sandbox, checked with a hostile program.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "core/error.hpp"
#include "core/fd.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

TEST(Isolation, FreshNamespacesAndUnprivilegedUser) {
  auto c = run_captured(config({"/bin/sh", "-c", "hostname; id -u; echo pid=$$; ls /proc"}));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_TRUE(contains(c.out, "perfjudge\n")) << c.out;  // own uts namespace
  EXPECT_TRUE(contains(c.out, "\n1000\n")) << c.out;     // sandbox user, not root
  EXPECT_TRUE(contains(c.out, "pid=2\n")) << c.out;      // own pid namespace, init is 1
  // Our own pid is not visible in the run's /proc.
  EXPECT_FALSE(contains(c.out, "\n" + std::to_string(::getpid()) + "\n")) << c.out;
}

TEST(Isolation, NoNetworkEvenToLoopback) {
  // A listener on the host's loopback: reachable from here, not from the sandbox.
  UniqueFd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  ASSERT_TRUE(s);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(s.get(), 1), 0);
  socklen_t len = sizeof a;
  ASSERT_EQ(::getsockname(s.get(), reinterpret_cast<sockaddr*>(&a), &len), 0);
  const std::string port = std::to_string(ntohs(a.sin_port));

  auto c = run_captured(config({hostile("net"), port}));
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.out;
  EXPECT_TRUE(contains(c.out, "failed")) << c.out;
}

TEST(Isolation, WritesOnlyInWorkdirAndTmp) {
  TempDir work("pj-sandbox-work");
  const auto inside = (work.path() / "ok.txt").string();
  auto cfg = config({hostile("write_paths"), inside, "/tmp/ok.txt", "/usr/pj-x", "/etc/pj-x",
                     "/pj-x", "/dev/pj-x", "/proc/pj-x", hostile("pj-x")});
  cfg.workdir = work.path();
  auto c = run_captured(cfg);
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_TRUE(contains(c.out, inside + " ok")) << c.out;
  EXPECT_TRUE(contains(c.out, "/tmp/ok.txt ok")) << c.out;
  for (const char* p : {"/usr/pj-x", "/etc/pj-x", "/pj-x", "/dev/pj-x", "/proc/pj-x"})
    EXPECT_TRUE(contains(c.out, std::string(p) + " denied")) << p << "\n" << c.out;
  EXPECT_TRUE(contains(c.out, hostile("pj-x") + " denied")) << c.out;
  EXPECT_TRUE(std::filesystem::exists(inside));
  EXPECT_FALSE(std::filesystem::exists("/usr/pj-x"));
  EXPECT_FALSE(std::filesystem::exists(hostile("pj-x")));
}

TEST(Isolation, HomeRootAndProjectAreHidden) {
  const std::string project = PJ_SOURCE_DIR "/CMakeLists.txt";
  ASSERT_TRUE(std::filesystem::exists(project));
  auto c = run_captured(
      config({hostile("read_paths"), "/home", "/root", project, "/etc/shadow", "/usr/bin/env"}));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  EXPECT_TRUE(contains(c.out, "/usr/bin/env visible")) << c.out;  // the check itself works
  for (const std::string& p :
       {std::string("/home"), std::string("/root"), project, std::string("/etc/shadow")})
    EXPECT_TRUE(contains(c.out, p + " hidden")) << p << "\n" << c.out;
}

TEST(Isolation, BindRoMakesAPathVisibleReadOnly) {
  TempDir extra("pj-sandbox-extra");
  { std::ofstream(extra.path() / "data.txt") << "hello"; }
  // The sandbox user is not the caller: a bound path must be readable by others.
  std::filesystem::permissions(
      extra.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                        std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                        std::filesystem::perms::others_exec);
  auto cfg = config({"/bin/sh", "-c",
                     "cat " + (extra.path() / "data.txt").string() + "; echo x > " +
                         (extra.path() / "new").string()});
  cfg.bind_ro.push_back(extra.path());
  auto c = run_captured(cfg);
  EXPECT_TRUE(contains(c.out, "hello")) << c.out << c.err;
  EXPECT_TRUE(contains(c.err, "Read-only file system")) << c.err;
  EXPECT_FALSE(std::filesystem::exists(extra.path() / "new"));
}

// A tmpfs mounted on the host for the length of one test, detached on every path out.
class HostTmpfs {
 public:
  explicit HostTmpfs(const std::filesystem::path& at) : at_(at) {
    std::filesystem::create_directory(at_);
    mounted_ = ::mount("tmpfs", at_.c_str(), "tmpfs", 0, "mode=0777,size=1m") == 0;
  }
  HostTmpfs(const HostTmpfs&) = delete;
  HostTmpfs& operator=(const HostTmpfs&) = delete;
  ~HostTmpfs() {
    if (mounted_) ::umount2(at_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  std::filesystem::path at_;
  bool mounted_ = false;
};

// A bind carries the host's mounts below its source with it (MS_REC): each of them must be
// read-only in the sandbox too, not only the bound directory itself.
TEST(Isolation, AHostMountBelowABoundPathIsReadOnlyToo) {
  TempDir extra("pj-sandbox-submount");
  std::filesystem::permissions(
      extra.path(), std::filesystem::perms::others_read | std::filesystem::perms::others_exec,
      std::filesystem::perm_options::add);
  const HostTmpfs sub(extra.path() / "sub");
  ASSERT_TRUE(sub.mounted()) << "mounting a tmpfs needs root: " << std::strerror(errno);
  const auto target = extra.path() / "sub" / "new";
  auto cfg = config({"/bin/sh", "-c", "echo x > " + target.string()});
  cfg.bind_ro.push_back(extra.path());
  auto c = run_captured(cfg);
  EXPECT_TRUE(contains(c.err, "Read-only file system")) << c.out << c.err;
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST(Isolation, ABindAtAnotherPathIsReadOnlyThereAndTheHostPathStaysHidden) {
  TempDir extra("pj-sandbox-at");
  { std::ofstream(extra.path() / "data.txt") << "hello"; }
  std::filesystem::permissions(
      extra.path(), std::filesystem::perms::others_read | std::filesystem::perms::others_exec,
      std::filesystem::perm_options::add);
  auto cfg =
      config({"/bin/sh", "-c",
              "cat /pj/build/k/data.txt; echo x > /pj/build/k/new; ls " + extra.path().string()});
  cfg.bind_ro_at.push_back({extra.path(), "/pj/build/k"});
  auto c = run_captured(cfg);
  EXPECT_TRUE(contains(c.out, "hello")) << c.out << c.err;
  EXPECT_TRUE(contains(c.err, "Read-only file system")) << c.err;
  EXPECT_TRUE(contains(c.err, "No such file")) << c.err;  // only the target is visible
  EXPECT_FALSE(std::filesystem::exists(extra.path() / "new"));
}

TEST(Isolation, ABindTargetMustBeAbsolute) {
  auto cfg = config({"/bin/true"});
  cfg.bind_ro_at.push_back({"/usr", "relative/usr"});
  EXPECT_THROW(run(cfg), Error);
}

TEST(Isolation, MissingBindIsAUsageError) {
  auto cfg = config({"/bin/true"});
  cfg.bind_ro.push_back("/nonexistent/pj-path");
  EXPECT_THROW(run(cfg), Error);
}

TEST(Isolation, OnlyStandardFdsAndGivenEnv) {
  // A leaked descriptor in the supervisor must not reach the candidate.
  UniqueFd leak(::open("/dev/null", O_RDONLY));  // deliberately without O_CLOEXEC
  ASSERT_TRUE(leak);
  auto cfg = config({hostile("fds_env")});
  cfg.env = {{"PJ_A", "1"}, {"PJ_B", "two words"}};
  ::setenv("PJ_HOST_SECRET", "leak", 1);
  auto c = run_captured(cfg);
  ::unsetenv("PJ_HOST_SECRET");
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  EXPECT_EQ(c.out,
            "fd 0\nfd 1\nfd 2\nenv PATH=/usr/local/bin:/usr/bin:/bin\nenv PJ_A=1\n"
            "env PJ_B=two words\n");
}

TEST(Isolation, StdinComesFromTheGivenFile) {
  TempDir dir("pj-sandbox-in");
  { std::ofstream(dir.path() / "in.txt") << "42 input line\n"; }
  auto cfg = config({"/bin/cat"});
  cfg.stdin_path = dir.path() / "in.txt";
  auto c = run_captured(cfg);
  EXPECT_EQ(c.out, "42 input line\n");
  cfg.stdin_path.clear();  // default: /dev/null
  EXPECT_EQ(run_captured(cfg).out, "");
}

class Forbidden : public ::testing::TestWithParam<const char*> {};

TEST_P(Forbidden, SyscallKillsWithSecurity) {
  auto c = run_captured(config({hostile("forbidden"), GetParam()}));
  EXPECT_EQ(c.result.verdict, Verdict::SECURITY) << c.result.message << c.out;
  EXPECT_EQ(c.result.signal, SIGSYS);
  EXPECT_FALSE(contains(c.out, "survived")) << c.out;
}

INSTANTIATE_TEST_SUITE_P(Seccomp, Forbidden,
                         ::testing::Values("ptrace", "mount", "umount", "unshare", "setns",
                                           "keyctl", "add_key", "bpf", "kexec", "reboot",
                                           "init_module", "delete_module", "clone_newns"));

TEST(Isolation, PerfAndIoUringFailWithErrno) {
  auto c = run_captured(config({hostile("probes")}));
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.out;
  EXPECT_TRUE(contains(c.out, "perf_event_open: Permission denied")) << c.out;
  EXPECT_TRUE(contains(c.out, "io_uring_setup: Function not implemented")) << c.out;
}

}  // namespace
}  // namespace pj::sandbox::test
