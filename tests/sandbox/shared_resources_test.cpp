// What the seccomp filter refuses so that a run cannot hold memory its limit does not see, nor
// share locks or sockets with the host (hostile programs shm_hold and locks_sockets).
#include <sys/file.h>

#include <fstream>

#include "core/fd.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

namespace fs = std::filesystem;

class SharedMemory : public ::testing::TestWithParam<const char*> {};

// 512 MiB of unmapped shared memory under a 256 MiB memory limit: the attack held 960 MiB.
TEST_P(SharedMemory, UnmappedSharedMemoryCannotExceedTheLimits) {
  auto cfg = config({hostile("shm_hold"), GetParam(), "512"});
  cfg.limits.disk_mib = 64;
  cfg.limits.output_mib = 1024;  // RLIMIT_FSIZE must not be what stops a file's growth
  auto c = run_captured(cfg);
  ASSERT_NE(c.result.verdict, Verdict::IE) << c.result.message;
  // "held N MiB" or "MODE failed after N MiB: why": at most the disk limit, never more.
  const auto at = c.out.find_first_of("0123456789");
  ASSERT_NE(at, std::string::npos) << c.out;
  EXPECT_LE(std::stol(c.out.substr(at)), 64) << c.out;
}

INSTANTIATE_TEST_SUITE_P(Modes, SharedMemory, ::testing::Values("memfd", "sysv", "posix"));

TEST(SharedMemory, MemfdAndSysvFailWithEnosys) {
  for (const char* mode : {"memfd", "sysv"}) {
    auto c = run_captured(config({hostile("shm_hold"), mode, "1"}));
    EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
    EXPECT_TRUE(contains(c.out, "Function not implemented")) << mode << ": " << c.out;
  }
}

TEST(SharedMemory, PosixShmLivesOnTheRunsScratchSpace) {
  auto cfg = config({hostile("shm_hold"), "posix", "4"});
  cfg.limits.output_mib = 64;
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  EXPECT_TRUE(contains(c.out, "held 4 MiB")) << c.out;
}

class HiddenSharedMapping : public ::testing::TestWithParam<const char*> {};

// 512 MiB in one shared mapping (MAP_ANONYMOUS or of /dev/zero) whose pages were dropped from
// the page tables or unmapped but one page, under a 256 MiB limit: before the sampler charged
// the shmem object, resident memory stayed near 3 MiB and the run was OK.
TEST_P(HiddenSharedMapping, IsChargedToTheMemoryLimit) {
  auto cfg = config({hostile("shm_hold"), GetParam(), "512"});
  cfg.limits.cpu_seconds = 10;
  cfg.limits.wall_seconds = 60;
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::MLE) << c.result.message << "; " << c.out;
  EXPECT_TRUE(c.result.killed_by_sandbox);
  EXPECT_FALSE(contains(c.out, "held 512 MiB")) << c.out;
}

INSTANTIATE_TEST_SUITE_P(Modes, HiddenSharedMapping,
                         ::testing::Values("anon-dontneed", "anon-unmap", "zero-dontneed",
                                           "zero-unmap"));

// A child shares the hidden 160 MiB: the object is charged once (twice would be 320 MiB, over
// the 256 MiB limit), and it is charged (before the fix the peak was about 3 MiB).
TEST(HiddenSharedMapping, SharedByTwoProcessesIsChargedOnce) {
  auto cfg = config({hostile("shm_hold"), "anon-unmap", "160", "fork"});
  cfg.limits.cpu_seconds = 10;
  cfg.limits.wall_seconds = 60;
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  EXPECT_EQ(c.out, "held 160 MiB\n");
  EXPECT_GE(c.result.max_rss_kib, 160u * 1024);
  EXPECT_LT(c.result.max_rss_kib, 200u * 1024);
}

TEST(Locks, LocksOnBoundHostFilesAreNotShared) {
  TempDir dir("pj-locks");
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_read |
                                  fs::perms::others_exec | fs::perms::group_read |
                                  fs::perms::group_exec);
  const fs::path file = dir.path() / "locked";
  std::ofstream(file) << "x";
  fs::permissions(file, fs::perms::owner_all | fs::perms::others_read | fs::perms::group_read);
  // The host holds an exclusive lock; before the fix the run saw it (EWOULDBLOCK) and
  // fcntl locks succeeded.
  UniqueFd held(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(held);
  ASSERT_EQ(::flock(held.get(), LOCK_EX), 0);
  for (const char* mode : {"posix", "ofd", "lease"}) {
    auto cfg = config({hostile("locks_sockets"), mode, file.string()});
    cfg.bind_ro.push_back(dir.path());
    auto c = run_captured(cfg);
    EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
    EXPECT_EQ(c.out, std::string(mode) + ": No locks available\n");
  }
  // flock succeeds without taking a lock: the host's exclusive lock is invisible to the run
  // (before the fix: EWOULDBLOCK), and the run's lock does not block the host.
  auto cfg = config({hostile("locks_sockets"), "flock", file.string()});
  cfg.bind_ro.push_back(dir.path());
  auto c = run_captured(cfg);
  EXPECT_EQ(c.out, "flock: ok\n");
}

TEST(Sockets, VsockAndOtherFamiliesAreUnsupported) {
  // 40 AF_VSOCK, 38 AF_ALG, 17 AF_PACKET; also with the high bits set, which the kernel drops.
  for (const char* mode : {"socket", "socket-hi"}) {
    for (const char* family : {"40", "38", "17"}) {
      auto c = run_captured(config({hostile("locks_sockets"), mode, family}));
      EXPECT_EQ(c.out, "socket: Address family not supported by protocol\n")
          << mode << " " << family;
    }
  }
  auto unix_socket = run_captured(config({hostile("locks_sockets"), "socket", "1"}));
  EXPECT_EQ(unix_socket.out, "socket: ok\n");
}

}  // namespace
}  // namespace pj::sandbox::test
