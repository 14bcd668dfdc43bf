#include "sandbox/workdir_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"

namespace pj::sandbox {
namespace {

// Inodes of the scratch tmpfs: plenty for compilers and programs (a build writes a handful of
// files), while an inode flood costs the kernel a bounded amount of memory (about 1 KiB each).
constexpr std::uint64_t kScratchInodes = 16384;
// Directory depth the copy-back descends; deeper trees are not copied.
constexpr int kMaxDepth = 64;

int send_fd(int sock, int fd) {
  char byte = 'S';
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
  return ::sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : errno;
}

// "/proc/self/fd/N" or "/proc/self/fd/N/sub", in a caller-provided buffer.
const char* fd_path(char* buf, std::size_t size, int fd, const char* sub) {
  std::snprintf(buf, size, "/proc/self/fd/%d%s%s", fd, sub ? "/" : "", sub ? sub : "");
  return buf;
}

}  // namespace

int mount_scratch(const char* tmpfs_options, int sock, int* scratch_fd) {
  // Private first: the tmpfs must not propagate to the host. apply_mount_plan repeats it.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return errno;
  if (::mount("tmpfs", kStagingRoot, "tmpfs", MS_NOSUID | MS_NODEV, tmpfs_options) != 0)
    return errno;
  const int root = ::open(kStagingRoot, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) return errno;
  // Created as the sandbox user (the child already switched), so the program owns them.
  if (::mkdirat(root, kScratchUpper, 0755) != 0 || ::mkdirat(root, "work", 0700) != 0 ||
      ::mkdirat(root, kScratchTmp, 0700) != 0 || ::fchmodat(root, kScratchTmp, 01777, 0) != 0 ||
      ::fchmodat(root, kScratchUpper, 0755, 0) != 0)
    return errno;
  if (int err = send_fd(sock, root)) return err;
  *scratch_fd = root;
  return 0;
}

int apply_scratch_op(const MountOp& op, int lower_fd, int scratch_fd) {
  char a[64], b[64], c[64];
  if (op.kind == MountKind::ScratchBind) {
    if (::mount(fd_path(a, sizeof a, scratch_fd, op.source.c_str()), op.target.c_str(), nullptr,
                MS_BIND, nullptr) != 0)
      return errno;
    return ::mount(nullptr, op.target.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV,
                   nullptr) == 0
               ? 0
               : errno;
  }
  // The fds keep the option string free of the paths' own characters (',' ':' '\').
  char opts[256];
  std::snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s,workdir=%s",
                fd_path(a, sizeof a, lower_fd, nullptr),
                fd_path(b, sizeof b, scratch_fd, kScratchUpper),
                fd_path(c, sizeof c, scratch_fd, "work"));
  return ::mount("overlay", op.target.c_str(), "overlay", MS_NOSUID | MS_NODEV, opts) == 0 ? 0
                                                                                           : errno;
}

// ---- Supervisor side ----

Scratch::Scratch(std::uint64_t disk_mib)
    : disk_mib_(disk_mib),
      options_(fmt::format("mode=0755,size={}m,nr_inodes={}", disk_mib, kScratchInodes)) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) != 0)
    fail_internal(std::string("socketpair: ") + std::strerror(errno));
  parent_.reset(sv[0]);
  child_.reset(sv[1]);
}

bool Scratch::received() {
  if (root_) return true;
  if (!parent_) return false;
  char byte = 0;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  if (::recvmsg(parent_.get(), &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) != 1) return false;
  const cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (c == nullptr || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
    return false;
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
  UniqueFd got(fd);
  // Only the sandbox's own setup holds the other end, but check what arrived anyway.
  struct statfs sf {};
  if (::fstatfs(got.get(), &sf) != 0 || sf.f_type != TMPFS_MAGIC) return false;
  root_ = std::move(got);
  parent_.reset();
  return true;
}

bool Scratch::full() {
  if (!received()) return false;
  struct statfs sf {};
  if (::fstatfs(root_.get(), &sf) != 0) return false;
  return sf.f_bfree == 0 || sf.f_ffree == 0;
}

namespace {

bool safe_name(std::string_view n) {
  if (n.empty() || n == "." || n == "..") return false;
  for (unsigned char ch : n)
    if (ch < 0x20 || ch == 0x7f || ch == '/') return false;
  return true;
}

class CopyBack {
 public:
  CopyBack(std::uint64_t budget, bool chown, uid_t uid, gid_t gid)
      : budget_(budget), chown_(chown), uid_(uid), gid_(gid), buf_(1 << 18) {}

  // Returns "" or why the copy stopped.
  std::string dir(int src, int dst, int depth) {
    UniqueFd list(::openat(src, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    DIR* d = list ? ::fdopendir(list.get()) : nullptr;
    if (d == nullptr)
      return fmt::format("cannot list the scratch workdir: {}", std::strerror(errno));
    list.release();
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d))
      if (safe_name(e->d_name)) names.emplace_back(e->d_name);
    ::closedir(d);
    for (const auto& name : names) {
      if (auto why = entry(src, dst, name, depth); !why.empty()) return why;
    }
    return {};
  }

  bool over_limit = false;  // the copy stopped at the disk limit

 private:
  std::string entry(int src, int dst, const std::string& name, int depth) {
    struct stat st {};
    if (::fstatat(src, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return {};
    if (S_ISDIR(st.st_mode)) {
      if (depth >= kMaxDepth) return {};
      UniqueFd s(::openat(src, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!s) return {};
      const bool made = ::mkdirat(dst, name.c_str(), 0700) == 0;
      // O_NOFOLLOW | O_DIRECTORY: an existing symlink or file of that name is left alone.
      UniqueFd d(::openat(dst, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!d) return {};
      if (made) own(d.get(), st.st_mode);
      return dir(s.get(), d.get(), depth + 1);
    }
    if (!S_ISREG(st.st_mode)) return {};  // whiteouts, symlinks, fifos, sockets, devices
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > budget_) {
      over_limit = true;
      return fmt::format("the files to copy back exceed the disk limit (at '{}')", printable(name));
    }
    budget_ -= size;
    return file(src, dst, name, st);
  }

  std::string file(int src, int dst, const std::string& name, const struct stat& st) {
    UniqueFd in(::openat(src, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC));
    if (!in) return {};
    // A fresh inode renamed into place: never writes through an existing file or link.
    std::string tmp;
    UniqueFd out;
    for (int i = 0; i < 100 && !out; ++i) {
      tmp = fmt::format(".pj-copy-{}-{}", ::getpid(), counter_++);
      out.reset(
          ::openat(dst, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
      if (!out && errno != EEXIST) break;
    }
    if (!out) return fmt::format("cannot create a file in the workdir: {}", std::strerror(errno));
    auto left = static_cast<std::uint64_t>(st.st_size);
    while (left > 0) {
      const ssize_t n = ::read(in.get(), buf_.data(), std::min<std::uint64_t>(left, buf_.size()));
      if (n <= 0) break;
      if (::write(out.get(), buf_.data(), static_cast<std::size_t>(n)) != n) {
        const int err = errno;
        ::unlinkat(dst, tmp.c_str(), 0);
        return fmt::format("cannot write '{}' back to the workdir: {}", name, std::strerror(err));
      }
      left -= static_cast<std::uint64_t>(n);
    }
    own(out.get(), st.st_mode);
    // Fails (EISDIR) when a directory has that name: the file is then not copied.
    if (::renameat(dst, tmp.c_str(), dst, name.c_str()) != 0) ::unlinkat(dst, tmp.c_str(), 0);
    return {};
  }

  // The permission bits the program chose (never set-id bits), owned as if the sandbox user
  // had written the file in place.
  void own(int fd, mode_t mode) {
    if (chown_) {
      [[maybe_unused]] const int rc = ::fchown(fd, uid_, gid_);
    }
    ::fchmod(fd, mode & 0777);
  }

  std::uint64_t budget_;
  bool chown_;
  uid_t uid_;
  gid_t gid_;
  std::vector<char> buf_;
  unsigned counter_ = 0;
};

}  // namespace

Scratch::CopyResult Scratch::copy_back(const std::filesystem::path& host_workdir, bool chown,
                                       uid_t uid, gid_t gid) {
  if (!received()) return {false, "the sandbox did not hand over its workdir"};
  UniqueFd upper(
      ::openat(root_.get(), kScratchUpper, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  UniqueFd dst(::open(host_workdir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!upper || !dst)
    return {false, fmt::format("cannot open the workdir to copy back: {}", std::strerror(errno))};
  CopyBack c(disk_mib_ << 20, chown, uid, gid);
  std::string why = c.dir(upper.get(), dst.get(), 0);
  return {c.over_limit, std::move(why)};
}

}  // namespace pj::sandbox
