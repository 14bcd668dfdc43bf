// The memory sampler (process_tree) on a process tree built by the test itself: shared
// memory whose pages no page table maps any more is charged, once, and not twice when resident.
#include <fcntl.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "core/fd.hpp"
#include "sandbox/process_tree.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

constexpr std::uint64_t kMiB = 1024;  // in KiB

// Fills `mib` MiB of one MAP_SHARED|MAP_ANONYMOUS mapping, then keeps it resident ("keep"),
// drops it from the page tables ("dontneed") or unmaps all of it but one page ("unmap");
// "none" holds nothing.
// Returns where the mapping began.
char* hold_shared(const std::string& how, long mib) {
  if (how == "none") return nullptr;
  const std::size_t size = static_cast<std::size_t>(mib) << 20;
  auto* p = static_cast<char*>(
      ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  if (p == MAP_FAILED) ::_exit(3);
  std::memset(p, 'x', size);
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  if (how == "dontneed" && ::madvise(p, size, MADV_DONTNEED) != 0) ::_exit(4);
  if (how == "unmap" && ::munmap(p, size - page) != 0) ::_exit(4);
  return p;
}

// Maps `file` shared at `at` (a hole left by "unmap"), below the page still mapped there.
void map_file(const std::string& file, char* at) {
  if (file.empty()) return;
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || ::ftruncate(fd, 4096) != 0) ::_exit(9);
  if (::mmap(at, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0) != at)
    ::_exit(9);
  ::close(fd);
}

// A run as the sampler sees it: `root()` stands for init, and its child holds the memory
// until the tree is destroyed.
class HeldTree {
 public:
  HeldTree(const std::string& how, long mib, const std::string& also_map = "") {
    int ready[2], release[2];
    if (::pipe2(ready, O_CLOEXEC) != 0 || ::pipe2(release, O_CLOEXEC) != 0) std::abort();
    root_ = ::fork();
    if (root_ == 0) {
      ::close(ready[0]);
      ::close(release[1]);
      const pid_t holder = ::fork();
      if (holder == 0) {
        char* at = hold_shared(how, mib);
        map_file(also_map, at);
        char c = 'R';
        if (::write(ready[1], &c, 1) != 1) ::_exit(5);
        while (::read(release[0], &c, 1) > 0) {
        }
        ::_exit(0);
      }
      ::close(ready[1]);
      ::waitpid(holder, nullptr, 0);
      ::_exit(0);
    }
    ::close(ready[1]);
    ::close(release[0]);
    release_.reset(release[1]);
    char c = 0;
    ready_ = ::read(ready[0], &c, 1) == 1 && c == 'R';
    ::close(ready[0]);
  }
  HeldTree(const HeldTree&) = delete;
  HeldTree& operator=(const HeldTree&) = delete;
  ~HeldTree() {
    release_.reset();
    ::waitpid(root_, nullptr, 0);
  }

  pid_t root() const { return root_; }
  bool ready() const { return ready_; }

 private:
  pid_t root_ = -1;
  bool ready_ = false;
  UniqueFd release_;
};

// sample_tree(root).rss_kib in a child process without CAP_SYS_ADMIN and
// CAP_CHECKPOINT_RESTORE, as an unprivileged supervisor would see it.
std::uint64_t sample_without_admin(pid_t root) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) std::abort();
  const pid_t pid = ::fork();
  if (pid == 0) {
    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (::syscall(SYS_capget, &hdr, data) != 0) ::_exit(6);
    for (int cap : {CAP_SYS_ADMIN, CAP_CHECKPOINT_RESTORE})
      data[cap / 32].effective &= ~(1u << (cap % 32));
    if (::syscall(SYS_capset, &hdr, data) != 0) ::_exit(7);
    const std::uint64_t kib = sample_tree(root).rss_kib;
    if (::write(out[1], &kib, sizeof kib) != sizeof kib) ::_exit(8);
    ::_exit(0);
  }
  ::close(out[1]);
  std::uint64_t kib = 0;
  const bool got = ::read(out[0], &kib, sizeof kib) == sizeof kib;
  ::close(out[0]);
  ::waitpid(pid, nullptr, 0);
  EXPECT_TRUE(got);
  return kib;
}

// What the holder weighs without holding anything: a fork of this test process, whose
// resident memory depends on the tests that ran before.
std::uint64_t baseline_kib() {
  HeldTree tree("none", 0);
  EXPECT_TRUE(tree.ready());
  return sample_tree(tree.root()).rss_kib;
}

// Before the sampler charged shmem objects, both trees sampled at the baseline.
TEST(ProcessTree, SharedMemoryDroppedFromThePageTablesIsCharged) {
  for (const char* how : {"dontneed", "unmap"}) {
    const std::uint64_t base = baseline_kib();
    HeldTree tree(how, 64);
    ASSERT_TRUE(tree.ready()) << how;
    const TreeSample s = sample_tree(tree.root());
    EXPECT_EQ(s.processes, 1) << how;
    EXPECT_GE(s.rss_kib, base + 56 * kMiB) << how;
    EXPECT_LT(s.rss_kib, base + 96 * kMiB) << how;
  }
}

// The call channel's count at the end of each call: the processes sample_tree counts.
TEST(ProcessTree, CountProcessesCountsTheLiveTreeBelowInit) {
  HeldTree tree("none", 0);
  ASSERT_TRUE(tree.ready());
  EXPECT_EQ(count_processes(tree.root()), 1);
  EXPECT_EQ(count_processes(tree.root()), sample_tree(tree.root()).processes);
  EXPECT_EQ(count_processes(::getpid()), sample_tree(::getpid()).processes);
  EXPECT_GE(count_processes(::getpid()), 2);  // the tree's root and its holder
}

// A shared mapping whose name does not fit the sampler's buffer (PROCMAP_QUERY answers
// ENAMETOOLONG) must not end the walk before the hidden object.
TEST(ProcessTree, ALongNamedMappingDoesNotHideTheOnesAfterIt) {
  TempDir dir("pj-long-name");
  const auto deep = dir.path() / std::string(200, 'd') / std::string(200, 'f');
  std::filesystem::create_directories(deep.parent_path());
  const std::uint64_t base = baseline_kib();
  HeldTree tree("unmap", 64, deep.string());
  ASSERT_TRUE(tree.ready());
  EXPECT_GE(sample_tree(tree.root()).rss_kib, base + 56 * kMiB);
}

// Resident pages of the object are already in RSS: the object must not add them again.
TEST(ProcessTree, ResidentSharedMemoryIsChargedOnce) {
  const std::uint64_t base = baseline_kib();
  HeldTree tree("keep", 64);
  ASSERT_TRUE(tree.ready());
  const TreeSample s = sample_tree(tree.root());
  EXPECT_GE(s.rss_kib, base + 56 * kMiB);
  EXPECT_LT(s.rss_kib, base + 96 * kMiB);  // 128 MiB more if counted twice
}

// Without the capability map_files needs, an anonymous shared object is charged its mapped
// length: MADV_DONTNEED is still caught, a mapping cut down to one page is not.
TEST(ProcessTree, WithoutCapSysAdminTheMappedLengthIsCharged) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to drop CAP_SYS_ADMIN from";
  const std::uint64_t base = baseline_kib();
  {
    HeldTree tree("dontneed", 64);
    ASSERT_TRUE(tree.ready());
    EXPECT_GE(sample_without_admin(tree.root()), base + 56 * kMiB);
  }
  HeldTree tree("unmap", 64);
  ASSERT_TRUE(tree.ready());
  EXPECT_LT(sample_without_admin(tree.root()), base + 32 * kMiB);  // the documented gap
}

}  // namespace
}  // namespace pj::sandbox::test
