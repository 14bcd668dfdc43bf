/* pj-seccomp-bpf: compiles the sandbox's seccomp policy with libseccomp, at build time, and
 * prints it as the initialiser of a C array of struct sock_filter (seccomp_bpf.inc, included by
 * seccomp_filter.cpp).
 *
 * Why at build time: the policy is fixed, and compiling it took 0.44 ms of every process
 * that started a sandbox, which every `perfjudge sandbox` is (docs/PERFORMANCE.md). The program
 * is libseccomp's own output for the machine that builds it, which is the one that runs it:
 * the build compiles perfjudge where it is used (make run, make test). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/* Syscalls that kill the whole process (verdict SECURITY): nothing a judged program needs,
 * and each is an escape or host-tampering vector. */
static const char* const kKilled[] = {
    "ptrace",       "process_vm_writev", "mount",       "umount2",
    "pivot_root",   "move_mount",        "open_tree",   "fsopen",
    "fsmount",      "fsconfig",          "fspick",      "mount_setattr",
    "keyctl",       "add_key",           "request_key", "bpf",
    "kexec_load",   "kexec_file_load",   "reboot",      "init_module",
    "finit_module", "delete_module",     "unshare",     "setns",
    "swapon",       "swapoff",           "iopl",        "ioperm",
};

static const unsigned long kNamespaceFlags[] = {CLONE_NEWNS,    CLONE_NEWUSER, CLONE_NEWPID,
                                                CLONE_NEWNET,   CLONE_NEWIPC,  CLONE_NEWUTS,
                                                CLONE_NEWCGROUP};

/* Address families a judged program may create sockets of: local sockets, the loopback-only
 * network of its own namespace, and netlink (libc's getaddrinfo and the JVM probe interfaces
 * with it). Every other family fails with EAFNOSUPPORT, as on a kernel built without it: most
 * are not namespaced (AF_VSOCK reaches the hypervisor) or are kernel attack surface (AF_ALG,
 * AF_PACKET...). Families are checked up to 63; the kernel itself rejects >= AF_MAX (46). */
static const int kAllowedFamilies[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};
enum { kLastFamilyChecked = 63 };

/* Locks on a read-only bound host file are shared with the host and with concurrent runs (a
 * covert channel, and a lease or an exclusive lock stalls host processes), and the filter
 * cannot tell a bound file from a file of the run's own tmpfs. So no lock is ever taken:
 * fcntl's record locks and leases (these commands) fail with ENOLCK, as on a filesystem
 * without locking, and flock succeeds without locking anything, because the JVM flocks its
 * hsperfdata file in /tmp at every start and warns on stdout when that fails. A judged
 * program is one process tree working alone, so the mutual exclusion it loses is its own. */
static const unsigned kLockCommands[] = {F_GETLK,     F_SETLK,      F_SETLKW,  F_OFD_GETLK,
                                         F_OFD_SETLK, F_OFD_SETLKW, F_SETLEASE};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void check(int rc, const char* what) {
  if (rc < 0) {
    fprintf(stderr, "pj-seccomp-bpf: %s: %s\n", what, strerror(-rc));
    exit(1);
  }
}

static void add(scmp_filter_ctx ctx, uint32_t action, const char* name) {
  const int nr = seccomp_syscall_resolve_name(name);
  if (nr == __NR_SCMP_ERROR) return; /* not a syscall on this architecture */
  check(seccomp_rule_add(ctx, action, nr, 0), name);
}

static int allowed_family(int family) {
  for (size_t i = 0; i < COUNT(kAllowedFamilies); ++i)
    if (kAllowedFamilies[i] == family) return 1;
  return 0;
}

static void add_rules(scmp_filter_ctx ctx) {
  /* The child sets no_new_privs itself, right before loading. */
  check(seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0), "nnp attribute");
  for (size_t i = 0; i < COUNT(kKilled); ++i) add(ctx, SCMP_ACT_KILL_PROCESS, kKilled[i]);
  /* clone3 passes its flags in memory the filter cannot read: ENOSYS makes libc fall back
   * to clone, whose flags register we can inspect. */
  add(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3");
  for (size_t i = 0; i < COUNT(kNamespaceFlags); ++i)
    check(seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone), 1,
                           SCMP_A0(SCMP_CMP_MASKED_EQ, kNamespaceFlags[i], kNamespaceFlags[i])),
          "clone");
  /* Runtimes probe these and fall back when they fail. */
  add(ctx, SCMP_ACT_ERRNO(EACCES), "perf_event_open");
  /* Shared memory nobody maps is invisible to the memory limit (resident memory): memfds and
   * SysV segments are refused, and POSIX shm (/dev/shm) lives on the run's scratch tmpfs,
   * bounded by the disk limit. ENOSYS makes runtimes that probe them fall back (glibc,
   * the JVM and node do not need them to start). SysV message queues hold kernel memory too. */
  static const char* const kNoSharedMemory[] = {"memfd_create", "memfd_secret", "shmget", "msgget"};
  for (size_t i = 0; i < COUNT(kNoSharedMemory); ++i)
    add(ctx, SCMP_ACT_ERRNO(ENOSYS), kNoSharedMemory[i]);
  add(ctx, SCMP_ACT_ERRNO(0), "flock");
  /* The kernel reads these arguments as 32-bit ints, so compare only the low 32 bits: a
   * value with high bits set must not slip past the filter. */
  for (size_t i = 0; i < COUNT(kLockCommands); ++i)
    check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOLCK), SCMP_SYS(fcntl), 1,
                           SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffULL, kLockCommands[i])),
          "fcntl");
  for (int family = 0; family <= kLastFamilyChecked; ++family) {
    if (allowed_family(family)) continue;
    static const char* const kSocketCalls[] = {"socket", "socketpair"};
    for (size_t i = 0; i < COUNT(kSocketCalls); ++i)
      check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT),
                             seccomp_syscall_resolve_name(kSocketCalls[i]), 1,
                             SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffULL, (scmp_datum_t)family)),
            kSocketCalls[i]);
  }
  static const char* const kNoIoUring[] = {"io_uring_setup", "io_uring_enter", "io_uring_register"};
  for (size_t i = 0; i < COUNT(kNoIoUring); ++i) add(ctx, SCMP_ACT_ERRNO(ENOSYS), kNoIoUring[i]);
}

int main(void) {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (ctx == NULL) {
    fprintf(stderr, "pj-seccomp-bpf: seccomp_init failed\n");
    return 1;
  }
  add_rules(ctx);
  /* libseccomp 2.5 can only export to a file descriptor. */
  const int mem = memfd_create("pj-seccomp", MFD_CLOEXEC);
  if (mem < 0) check(-errno, "memfd_create");
  check(seccomp_export_bpf(ctx, mem), "export");
  seccomp_release(ctx);
  const off_t size = lseek(mem, 0, SEEK_END);
  if (size <= 0 || size % (off_t)sizeof(struct sock_filter) != 0) check(-EINVAL, "BPF size");
  struct sock_filter* prog = malloc((size_t)size);
  if (prog == NULL || pread(mem, prog, (size_t)size, 0) != size) check(-EIO, "reading the BPF");
  printf("// Generated by pj-seccomp-bpf (sandbox/seccomp/pj_seccomp_bpf.c); do not edit.\n");
  for (size_t i = 0; i < (size_t)size / sizeof *prog; ++i)
    printf("{0x%04x, %u, %u, 0x%08x},\n", prog[i].code, prog[i].jt, prog[i].jf, prog[i].k);
  free(prog);
  close(mem);
  return fflush(stdout) == 0 ? 0 : 1;
}
