/* Makes the forbidden system call named by argv[1]. Prints "survived" and exits 3 if the
 * sandbox let it return. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static int child_fn(void* arg) {
  (void)arg;
  return 0;
}

int main(int argc, char** argv) {
  const char* what = argc > 1 ? argv[1] : "";
  long rc = -1;
  if (!strcmp(what, "ptrace"))
    rc = ptrace(PTRACE_TRACEME, 0, 0, 0);
  else if (!strcmp(what, "mount"))
    rc = mount("none", "/tmp", "tmpfs", 0, 0);
  else if (!strcmp(what, "umount"))
    rc = umount2("/proc", MNT_DETACH);
  else if (!strcmp(what, "unshare"))
    rc = unshare(CLONE_NEWUSER);
  else if (!strcmp(what, "setns"))
    rc = setns(0, 0);
  else if (!strcmp(what, "keyctl"))
    rc = syscall(SYS_keyctl, 0, 0, 0, 0, 0);
  else if (!strcmp(what, "add_key"))
    rc = syscall(SYS_add_key, "user", "x", "y", 1, 0);
  else if (!strcmp(what, "bpf"))
    rc = syscall(SYS_bpf, BPF_PROG_LOAD, 0, 0);
  else if (!strcmp(what, "kexec"))
    rc = syscall(SYS_kexec_load, 0, 0, 0, 0);
  else if (!strcmp(what, "reboot"))
    rc = reboot(RB_AUTOBOOT);
  else if (!strcmp(what, "init_module"))
    rc = syscall(SYS_init_module, 0, 0, "");
  else if (!strcmp(what, "delete_module"))
    rc = syscall(SYS_delete_module, "x", 0);
  else if (!strcmp(what, "clone_newns")) {
    static char stack[65536];
    rc = clone(child_fn, stack + sizeof stack, CLONE_NEWNS | SIGCHLD, 0);
  }
  printf("survived (%s returned %ld, %s)\n", what, rc, strerror(errno));
  return 3;
}
