#include "sandbox/seccomp_filter.hpp"

#include <fcntl.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/fd.hpp"

namespace pj::sandbox {
namespace {

// Syscalls that kill the whole process (verdict SECURITY): nothing a judged program needs,
// and each is an escape or host-tampering vector.
constexpr const char* kKilled[] = {
    "ptrace",       "process_vm_writev", "mount",       "umount2",
    "pivot_root",   "move_mount",        "open_tree",   "fsopen",
    "fsmount",      "fsconfig",          "fspick",      "mount_setattr",
    "keyctl",       "add_key",           "request_key", "bpf",
    "kexec_load",   "kexec_file_load",   "reboot",      "init_module",
    "finit_module", "delete_module",     "unshare",     "setns",
    "swapon",       "swapoff",           "iopl",        "ioperm",
};

constexpr unsigned long kNamespaceFlags[] = {CLONE_NEWNS,    CLONE_NEWUSER, CLONE_NEWPID,
                                             CLONE_NEWNET,   CLONE_NEWIPC,  CLONE_NEWUTS,
                                             CLONE_NEWCGROUP};

// Address families a judged program may create sockets of: local sockets, the loopback-only
// network of its own namespace, and netlink (libc's getaddrinfo and the JVM probe interfaces
// with it). Every other family fails with EAFNOSUPPORT, as on a kernel built without it: most
// are not namespaced (AF_VSOCK reaches the hypervisor) or are kernel attack surface (AF_ALG,
// AF_PACKET...). Families are checked up to 63; the kernel itself rejects >= AF_MAX (46).
constexpr int kAllowedFamilies[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};
constexpr int kLastFamilyChecked = 63;

// Locks on a read-only bound host file are shared with the host and with concurrent runs (a
// covert channel, and a lease or an exclusive lock stalls host processes), and the filter
// cannot tell a bound file from a file of the run's own tmpfs. So no lock is ever taken:
// fcntl's record locks and leases (these commands) fail with ENOLCK, as on a filesystem
// without locking, and flock succeeds without locking anything, because the JVM flocks its
// hsperfdata file in /tmp at every start and warns on stdout when that fails. A judged
// program is one process tree working alone, so the mutual exclusion it loses is its own.
constexpr unsigned kLockCommands[] = {F_GETLK,     F_SETLK,      F_SETLKW,  F_OFD_GETLK,
                                      F_OFD_SETLK, F_OFD_SETLKW, F_SETLEASE};

void check(int rc, const char* what) {
  if (rc < 0) fail_internal(std::string("seccomp: ") + what + ": " + std::strerror(-rc));
}

void add(scmp_filter_ctx ctx, uint32_t action, const char* name) {
  const int nr = seccomp_syscall_resolve_name(name);
  if (nr == __NR_SCMP_ERROR) return;  // not a syscall on this architecture
  check(seccomp_rule_add(ctx, action, nr, 0), name);
}

std::vector<sock_filter> build() {
  std::unique_ptr<void, void (*)(scmp_filter_ctx)> ctx(seccomp_init(SCMP_ACT_ALLOW),
                                                       seccomp_release);
  if (!ctx) fail_internal("seccomp_init failed");
  // The child sets no_new_privs itself, right before loading.
  check(seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_NNP, 0), "nnp attribute");
  for (const char* name : kKilled) add(ctx.get(), SCMP_ACT_KILL_PROCESS, name);
  // clone3 passes its flags in memory the filter cannot read: ENOSYS makes libc fall back
  // to clone, whose flags register we can inspect.
  add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), "clone3");
  for (unsigned long flag : kNamespaceFlags) {
    check(seccomp_rule_add(ctx.get(), SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone), 1,
                           SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)),
          "clone");
  }
  // Runtimes probe these and fall back when they fail.
  add(ctx.get(), SCMP_ACT_ERRNO(EACCES), "perf_event_open");
  // Shared memory nobody maps is invisible to the memory limit (resident memory): memfds and
  // SysV segments are refused, and POSIX shm (/dev/shm) lives on the run's scratch tmpfs,
  // bounded by the disk limit. ENOSYS makes runtimes that probe them fall back (glibc,
  // the JVM and node do not need them to start). SysV message queues hold kernel memory too.
  for (const char* name : {"memfd_create", "memfd_secret", "shmget", "msgget"})
    add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), name);
  add(ctx.get(), SCMP_ACT_ERRNO(0), "flock");
  // The kernel reads these arguments as 32-bit ints, so compare only the low 32 bits: a
  // value with high bits set must not slip past the filter.
  for (unsigned cmd : kLockCommands)
    check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOLCK), SCMP_SYS(fcntl), 1,
                           SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffULL, cmd)),
          "fcntl");
  for (int family = 0; family <= kLastFamilyChecked; ++family) {
    if (std::find(std::begin(kAllowedFamilies), std::end(kAllowedFamilies), family) !=
        std::end(kAllowedFamilies))
      continue;
    for (const char* name : {"socket", "socketpair"})
      check(seccomp_rule_add(
                ctx.get(), SCMP_ACT_ERRNO(EAFNOSUPPORT), seccomp_syscall_resolve_name(name), 1,
                SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffULL, static_cast<scmp_datum_t>(family))),
            name);
  }
  for (const char* name : {"io_uring_setup", "io_uring_enter", "io_uring_register"})
    add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), name);

  // libseccomp 2.5 can only export to a file descriptor.
  UniqueFd mem(::memfd_create("pj-seccomp", MFD_CLOEXEC));
  if (!mem) fail_internal(std::string("memfd_create: ") + std::strerror(errno));
  check(seccomp_export_bpf(ctx.get(), mem.get()), "export");
  const off_t size = ::lseek(mem.get(), 0, SEEK_END);
  if (size <= 0 || size % sizeof(sock_filter) != 0) fail_internal("seccomp: bad BPF size");
  std::vector<sock_filter> prog(static_cast<std::size_t>(size) / sizeof(sock_filter));
  if (::pread(mem.get(), prog.data(), static_cast<std::size_t>(size), 0) != size)
    fail_internal("seccomp: cannot read the exported BPF");
  return prog;
}

}  // namespace

const std::vector<sock_filter>& seccomp_program() {
  // Built once per process and immutable afterwards; C++ makes the initialisation thread-safe.
  static const std::vector<sock_filter> prog = build();
  return prog;
}

int load_seccomp(const std::vector<sock_filter>& prog) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
  sock_fprog fprog{static_cast<unsigned short>(prog.size()), const_cast<sock_filter*>(prog.data())};
  if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0) return errno;
  return 0;
}

}  // namespace pj::sandbox
