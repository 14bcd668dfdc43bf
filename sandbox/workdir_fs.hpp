// The run's scratch space: one size-limited tmpfs per run, created by the sandbox child, that
// holds everything the program can write: the workdir (an overlay whose lower layer is the
// host workdir and whose upper layer is on the tmpfs, or the tmpfs itself for a private
// workdir) and /tmp (also /dev/shm). Its size is Limits::disk_mib, so a program can neither
// fill the host's disk nor hold more than that much memory in files.
//
// The child sends an O_PATH fd of the tmpfs root to the supervisor before the candidate
// starts; that fd keeps the superblock alive after the run's processes are gone, so the
// supervisor can see whether the limit was reached and copy what the program created or
// changed back to a caller-given workdir (so builds leave their binaries there).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/fd.hpp"
#include "sandbox/mounts.hpp"

namespace pj::sandbox {

// Directories at the root of the scratch tmpfs.
inline constexpr const char* kScratchUpper = "upper";  // the workdir's upper layer
inline constexpr const char* kScratchTmp = "tmp";      // /tmp and /dev/shm

// Child side, async-signal-safe. Mounts the scratch tmpfs at kStagingRoot (the run's root
// tmpfs is then stacked on top of it, so no path reaches it), creates its directories, sends
// an fd of its root over `sock` and leaves an O_CLOEXEC fd of it in *scratch_fd for the
// mount plan's scratch operations. Returns 0 or an errno.
int mount_scratch(const char* tmpfs_options, int sock, int* scratch_fd);

// Child side, async-signal-safe: MountKind::ScratchBind (binds scratch/<op.source> at the
// target) and MountKind::Overlay (lower: `lower_fd`, the host workdir). Returns 0 or an errno.
int apply_scratch_op(const MountOp& op, int lower_fd, int scratch_fd);

// Supervisor side: the socket the scratch fd comes through, then the fd itself.
class Scratch {
 public:
  explicit Scratch(std::uint64_t disk_mib);
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  const char* tmpfs_options() const { return options_.c_str(); }
  int child_end() const { return child_.get(); }
  void close_child_end() { child_.reset(); }

  // True once the tmpfs has no free block or inode left: the program reached the limit.
  // Cheap (one fstatfs); receives the fd first if it has not arrived yet.
  bool full();

  // Copies the regular files and directories the program created or changed back into
  // `host_workdir` (never following symlinks; names with control characters are skipped),
  // owned by `uid`/`gid` when `chown` is set. The copy is bounded by the disk limit in
  // apparent size, so sparse files cannot fill the host disk.
  struct CopyResult {
    bool over_limit = false;  // stopped at the disk limit (the program's doing)
    std::string error;        // "" or why it stopped
  };
  CopyResult copy_back(const std::filesystem::path& host_workdir, bool chown, uid_t uid, gid_t gid);

  bool received();
  std::uint64_t disk_mib() const { return disk_mib_; }

 private:
  std::uint64_t disk_mib_;
  std::string options_;
  UniqueFd parent_, child_, root_;
};

}  // namespace pj::sandbox
