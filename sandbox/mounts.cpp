#include "sandbox/mounts.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <set>

#include "core/error.hpp"
#include "sandbox/workdir_fs.hpp"

namespace pj::sandbox {
namespace fs = std::filesystem;
namespace {

// System directories visible read-only. /bin, /lib... are symlinks on usr-merged systems and
// are reproduced as such.
constexpr const char* kSystemDirs[] = {"/usr",   "/bin",   "/sbin",  "/lib",
                                       "/lib32", "/lib64", "/libx32"};

// A curated /etc: the dynamic loader, alternatives (java, node...), the JVM's and Python's
// configuration, user names and time zone. Not /etc/shadow and friends.
constexpr const char* kEtcEntries[] = {
    "/etc/ld.so.cache",     "/etc/ld.so.conf",    "/etc/ld.so.conf.d",    "/etc/alternatives",
    "/etc/java-17-openjdk", "/etc/python3",       "/etc/python3.11",      "/etc/passwd",
    "/etc/group",           "/etc/nsswitch.conf", "/etc/localtime",       "/etc/timezone",
    "/etc/hosts",           "/etc/ssl",           "/etc/ca-certificates", "/etc/mime.types"};

constexpr const char* kDevices[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
                                    "/dev/urandom"};

class Planner {
 public:
  void mkdirs(const fs::path& dir) {
    fs::path acc = "/";
    for (const auto& part : dir.relative_path()) {
      acc /= part;
      if (made_.insert(acc.string()).second) push(MountKind::Mkdir, acc);
    }
  }
  void bind(const fs::path& src, bool rw) { bind_at(src, src, rw); }
  void bind_at(const fs::path& src, const fs::path& target, bool rw) {
    const bool dir = fs::is_directory(src);
    mkdirs(dir ? target : target.parent_path());
    if (!dir) push(MountKind::Touch, target);
    push(rw ? MountKind::BindRw : MountKind::BindRo, target, src.string());
  }
  void push(MountKind kind, const fs::path& target, std::string source = {},
            std::string data = {}) {
    ops_.push_back(
        {kind, std::string(kStagingRoot) + target.string(), std::move(source), std::move(data)});
  }
  std::vector<MountOp> take() { return std::move(ops_); }

 private:
  std::vector<MountOp> ops_;
  std::set<std::string> made_;
};

fs::path checked_absolute(const fs::path& p, const char* what) {
  std::error_code ec;
  fs::path abs = fs::canonical(p, ec);
  if (ec) fail_usage(std::string(what) + " " + p.string() + ": " + ec.message());
  return abs;
}

unsigned long locked_flags(const char* target) {
  // Flags inherited from the host mount are locked in a user namespace: a read-only remount
  // must repeat them or the kernel refuses it.
  struct statvfs sv {};
  if (::statvfs(target, &sv) != 0) return 0;
  unsigned long f = 0;
  if (sv.f_flag & ST_NOSUID) f |= MS_NOSUID;
  if (sv.f_flag & ST_NODEV) f |= MS_NODEV;
  if (sv.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
  if (sv.f_flag & ST_NOATIME) f |= MS_NOATIME;
  if (sv.f_flag & ST_NODIRATIME) f |= MS_NODIRATIME;
  if (sv.f_flag & ST_RELATIME) f |= MS_RELATIME;
  return f;
}

// Read-only, nosuid and nodev for the mount at `target` and, when `recursive`, every mount
// below it, in one call. A bind is recursive (MS_REC) and brings the host's mounts below its
// source along: a remount of its top alone would leave them writable. mount_setattr changes
// only the attributes it names, so the flags the kernel locks in a user namespace need not be
// repeated, as a remount must.
int make_read_only(const char* target, bool recursive) {
  mount_attr attr{};
  attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  if (::mount_setattr(AT_FDCWD, target, recursive ? AT_RECURSIVE : 0, &attr, sizeof attr) == 0)
    return 0;
  if (errno != ENOSYS) return errno;
  // Kernels before 5.12: the remount reaches the top mount only.
  const unsigned long flags =
      MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | locked_flags(target);
  return ::mount(nullptr, target, nullptr, flags, nullptr) == 0 ? 0 : errno;
}

int bind(const MountOp& op, int fd, bool rw) {
  char src[64];
  std::snprintf(src, sizeof src, "/proc/self/fd/%d", fd);
  if (::mount(src, op.target.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) return errno;
  return rw ? 0 : make_read_only(op.target.c_str(), true);
}

int apply_one(const MountOp& op, int fd, int scratch_fd) {
  switch (op.kind) {
    case MountKind::ScratchBind:
    case MountKind::Overlay:
      return apply_scratch_op(op, fd, scratch_fd);
    case MountKind::Mkdir:
      return ::mkdir(op.target.c_str(), 0755) == 0 || errno == EEXIST ? 0 : errno;
    case MountKind::Touch: {
      const int t = ::open(op.target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      if (t < 0) return errno;
      ::close(t);
      return 0;
    }
    case MountKind::BindRo:
      return bind(op, fd, false);
    case MountKind::BindRw:
      return bind(op, fd, true);
    case MountKind::Tmpfs:
      return ::mount("tmpfs", op.target.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, op.data.c_str()) ==
                     0
                 ? 0
                 : errno;
    case MountKind::Proc:
      return ::mount("proc", op.target.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                     nullptr) == 0
                 ? 0
                 : errno;
    case MountKind::Symlink:
      return ::symlink(op.source.c_str(), op.target.c_str()) == 0 ? 0 : errno;
    case MountKind::RemountRo:
      return make_read_only(op.target.c_str(), false);
  }
  return EINVAL;
}

int pivot() {
  if (::chdir(kStagingRoot) != 0) return errno;
  // pivot_root(".", ".") stacks the old root under the new one; detaching it leaves only
  // the new root (the trick documented in pivot_root(2)).
  if (::syscall(SYS_pivot_root, ".", ".") != 0) return errno;
  if (::umount2(".", MNT_DETACH) != 0) return errno;
  if (::chdir("/") != 0) return errno;
  if (::mount(nullptr, "/", nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
              nullptr) != 0)
    return errno;
  return 0;
}

}  // namespace

std::vector<MountOp> mount_plan(const MountPlanInput& in) {
  Planner p;
  // The root itself; mode 0755 so the sandbox user can traverse it.
  p.push(MountKind::Tmpfs, "", {}, "mode=0755,size=1m");
  for (const char* dir : kSystemDirs) {
    std::error_code ec;
    const auto st = fs::symlink_status(dir, ec);
    if (ec || !fs::exists(st)) continue;
    if (fs::is_symlink(st)) {
      p.push(MountKind::Symlink, dir, fs::read_symlink(dir).string());
    } else if (fs::is_directory(st)) {
      p.bind(dir, false);
    }
  }
  p.mkdirs("/etc");
  for (const char* entry : kEtcEntries) {
    std::error_code ec;
    if (fs::exists(entry, ec)) p.bind(entry, false);
  }
  p.mkdirs("/proc");
  p.push(MountKind::Proc, "/proc");
  p.mkdirs("/dev");
  for (const char* dev : kDevices) {
    std::error_code ec;
    if (fs::exists(dev, ec)) p.bind(dev, true);
  }
  p.push(MountKind::Symlink, "/dev/fd", "/proc/self/fd");
  p.push(MountKind::Symlink, "/dev/stdin", "/proc/self/fd/0");
  p.push(MountKind::Symlink, "/dev/stdout", "/proc/self/fd/1");
  p.push(MountKind::Symlink, "/dev/stderr", "/proc/self/fd/2");
  // /tmp and /dev/shm live on the run's size-limited scratch tmpfs, with the workdir.
  p.push(MountKind::Symlink, "/dev/shm", "/tmp");
  p.mkdirs("/tmp");
  p.push(MountKind::ScratchBind, "/tmp", kScratchTmp);

  // User paths last, parents before children, so a bind below /tmp lands on the private /tmp.
  struct UserBind {
    fs::path source, target;
    bool rw;
  };
  std::vector<UserBind> user;
  for (const auto& b : in.bind_ro) {
    const fs::path abs = checked_absolute(b, "--bind-ro");
    user.push_back({abs, abs, false});
  }
  for (const auto& b : in.bind_ro_at) {
    if (!b.target.is_absolute())
      fail_usage("bind target " + b.target.string() + " is not absolute");
    user.push_back({checked_absolute(b.source, "--bind-ro"), b.target.lexically_normal(), false});
  }
  for (const auto& b : in.bind_rw) {
    const fs::path abs = checked_absolute(b, "bind");
    user.push_back({abs, abs, true});
  }
  const fs::path workdir = checked_absolute(in.workdir, "--workdir");
  user.push_back({workdir, workdir, true});
  std::stable_sort(user.begin(), user.end(), [](const UserBind& a, const UserBind& b) {
    return std::distance(a.target.begin(), a.target.end()) <
           std::distance(b.target.begin(), b.target.end());
  });
  for (const auto& [source, path, rw] : user) {
    if (!rw || path != workdir) {
      p.bind_at(source, path, rw);
      continue;
    }
    p.mkdirs(path);
    if (in.workdir_overlay)
      p.push(MountKind::Overlay, path, path.string());
    else
      p.push(MountKind::ScratchBind, path, kScratchUpper);
  }
  // Last: mount points below /tmp (the workdir's) had to be made first.
  if (in.read_only_scratch) {
    p.push(MountKind::RemountRo, "/tmp");
    if (!in.workdir_overlay) p.push(MountKind::RemountRo, workdir);
  }
  return p.take();
}

int open_bind_sources(const std::vector<MountOp>& plan, int* fds, int* failed_step) {
  for (std::size_t i = 0; i < plan.size(); ++i) {
    fds[i] = -1;
    if (plan[i].kind != MountKind::BindRo && plan[i].kind != MountKind::BindRw &&
        plan[i].kind != MountKind::Overlay)
      continue;
    fds[i] = ::open(plan[i].source.c_str(), O_PATH | O_CLOEXEC);
    if (fds[i] < 0) {
      *failed_step = static_cast<int>(i);
      return errno;
    }
  }
  return 0;
}

int apply_mount_plan(const std::vector<MountOp>& plan, const int* fds, int scratch_fd,
                     int* failed_step) {
  // Nothing below may propagate back to the host.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    *failed_step = -1;
    return errno;
  }
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (const int err = apply_one(plan[i], fds[i], scratch_fd); err != 0) {
      *failed_step = static_cast<int>(i);
      return err;
    }
  }
  *failed_step = static_cast<int>(plan.size());
  return pivot();
}

}  // namespace pj::sandbox
