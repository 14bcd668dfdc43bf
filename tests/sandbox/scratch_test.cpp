// The run's scratch space (sandbox/workdir_fs.hpp): the workdir and /tmp share one tmpfs of
// Limits::disk_mib, and what a program writes in a caller's workdir is copied back safely.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "core/error.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

namespace fs = std::filesystem;

Config disk_config(std::vector<std::string> argv, std::uint64_t disk_mib) {
  auto cfg = config(std::move(argv));
  cfg.limits.disk_mib = disk_mib;
  cfg.limits.output_mib = 256;  // RLIMIT_FSIZE must not be what stops the writes
  return cfg;
}

TEST(Disk, FallocateBeyondTheLimitIsRefused) {
  // The attack: 2 GiB reserved in 16 ms on the host's disk. Now the reservation fails.
  auto c = run_captured(disk_config({hostile("fill_disk"), "fallocate", "big", "64"}, 16));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_TRUE(contains(c.out, "fallocate: No space left on device")) << c.out;
}

TEST(Disk, WritingPastTheLimitIsOleNamingTheDiskLimit) {
  for (const char* path : {"big", "/tmp/big", "/dev/shm/big"}) {
    auto c = run_captured(disk_config({hostile("fill_disk"), "write", path, "64"}, 16));
    EXPECT_EQ(c.result.verdict, Verdict::OLE) << path << ": " << c.result.message << c.out;
    EXPECT_TRUE(contains(c.result.message, "disk limit of 16 MiB")) << c.result.message;
    EXPECT_TRUE(contains(c.out, "No space left on device")) << path << ": " << c.out;
  }
}

TEST(Disk, WorkdirAndTmpShareOneLimit) {
  auto c = run_captured(disk_config(
      {"/bin/sh", "-c",
       hostile("fill_disk") + " write a 10 && " + hostile("fill_disk") + " write /tmp/b 10"},
      16));
  EXPECT_EQ(c.result.verdict, Verdict::OLE) << c.result.message;
  EXPECT_TRUE(contains(c.out, "write: 10 MiB\n")) << c.out;
  EXPECT_TRUE(contains(c.out, "then No space left on device")) << c.out;
}

TEST(Disk, WithinTheLimitIsOk) {
  auto c = run_captured(disk_config({hostile("fill_disk"), "write", "/tmp/f", "4"}, 16));
  EXPECT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  EXPECT_TRUE(contains(c.out, "write: 4 MiB\n")) << c.out;
}

TEST(Disk, ZeroDiskLimitIsInvalid) {
  auto cfg = config({"/bin/true"});
  cfg.limits.disk_mib = 0;
  EXPECT_THROW(run(cfg), Error);
}

// A caller's workdir: an overlay over the host directory; the program's regular files and
// directories come back, symlinks, fifos and host symlinks are never followed.
TEST(Disk, CallersWorkdirGetsNewFilesBackAndNothingElse) {
  TempDir work("pj-scratch-work");
  TempDir outside("pj-scratch-outside");
  fs::permissions(work.path(), fs::perms::all);
  const fs::path secret = outside.path() / "secret";
  std::ofstream(secret) << "secret\n";
  std::ofstream(work.path() / "given.txt") << "given\n";
  fs::permissions(work.path() / "given.txt",
                  fs::perms::owner_all | fs::perms::others_read | fs::perms::group_read);
  fs::create_symlink(secret, work.path() / "planted");
  auto cfg = disk_config({"/bin/sh", "-c",
                          "cat given.txt && rm planted && echo mine > planted && mkdir -p d/e && "
                          "echo deep > d/e/f && ln -s /etc/passwd link && mkfifo fifo && "
                          "printf x > ./\"$(printf 'bad\\033name')\""},
                         16);
  cfg.workdir = work.path();
  auto c = run_captured(cfg);
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  EXPECT_EQ(c.out, "given\n");
  EXPECT_EQ(slurp(secret), "secret\n");  // the host symlink was replaced, not followed
  EXPECT_FALSE(fs::is_symlink(work.path() / "planted"));
  EXPECT_EQ(slurp(work.path() / "planted"), "mine\n");
  EXPECT_EQ(slurp(work.path() / "d" / "e" / "f"), "deep\n");
  EXPECT_EQ(slurp(work.path() / "given.txt"), "given\n");
  EXPECT_FALSE(fs::exists(fs::symlink_status(work.path() / "link")));
  EXPECT_FALSE(fs::exists(fs::symlink_status(work.path() / "fifo")));
  EXPECT_FALSE(fs::exists(fs::symlink_status(work.path() / "bad\033name")));
}

TEST(Disk, CallersWorkdirIsBoundedToo) {
  TempDir work("pj-scratch-work");
  fs::permissions(work.path(), fs::perms::all);
  auto cfg = disk_config({hostile("fill_disk"), "write", "big", "64"}, 8);
  cfg.workdir = work.path();
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OLE) << c.result.message;
  EXPECT_LE(fs::file_size(work.path() / "big"), 8u << 20);
}

TEST(Disk, SparseFilesCannotFillTheHostDiskOnCopyBack) {
  // 8 sparse files of 8 MiB each: no tmpfs space used, 64 MiB of apparent size.
  TempDir work("pj-scratch-work");
  fs::permissions(work.path(), fs::perms::all);
  auto cfg = disk_config(
      {"/bin/sh", "-c", "for i in 1 2 3 4 5 6 7 8; do truncate -s 8M s$i || exit 1; done"}, 16);
  cfg.workdir = work.path();
  auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::OLE) << c.result.message << c.err;
  EXPECT_TRUE(contains(c.result.message, "disk limit")) << c.result.message;
  std::uintmax_t total = 0;
  for (const auto& e : fs::directory_iterator(work.path())) total += fs::file_size(e.path());
  EXPECT_LE(total, 16u << 20);
}

}  // namespace
}  // namespace pj::sandbox::test
