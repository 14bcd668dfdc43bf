/* pid 1 of the sandbox's pid namespace. It is exec'd (rather than left as a fork of the
 * supervisor) so that the candidate is forked from a tiny address space: the kernel carries
 * the pre-exec RSS into ru_maxrss, which would otherwise report the harness's own memory.
 * It forks the candidate, reaps everything, and when the candidate ends kills the rest of
 * the namespace, then reports the candidate's wait status and the tree's rusage. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../report.h"

static void send_report_to(int fd, struct pj_report* r) {
  ssize_t n;
  do n = write(fd, r, sizeof *r);
  while (n < 0 && errno == EINTR);
}

static void send_report(struct pj_report* r) {
  send_report_to(PJ_FD_REPORT, r);
}

static int64_t tv_ns(struct timeval tv) {
  return (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
}

static void run_candidate(char** argv) {
  char go = 0;
  ssize_t n;
  do n = read(PJ_FD_GO, &go, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1) _exit(126); /* the supervisor gave up before releasing us */
  close(PJ_FD_GO);
  int report_fd = PJ_FD_REPORT;
  fcntl(report_fd, F_SETFD, FD_CLOEXEC); /* kept only to report an exec failure */
  if (fcntl(PJ_FD_CALLS, F_GETFD) >= 0) {
    /* The call channel takes the report pipe's number, which moves out of the way. */
    report_fd = fcntl(PJ_FD_REPORT, F_DUPFD_CLOEXEC, 10);
    if (report_fd < 0 || dup2(PJ_FD_CALLS, PJ_CANDIDATE_CALLS_FD) < 0) _exit(125);
    close(PJ_FD_CALLS);
  }
  execvp(argv[0], argv);
  struct pj_report r = {.kind = PJ_REPORT_EXEC_FAILED, .err = errno};
  send_report_to(report_fd, &r);
  _exit(127);
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  /* The candidate runs as this process's uid. A dumpable init would let it open /proc/1/mem
   * or take the report pipe with pidfd_getfd and forge its own measurements; a non-dumpable
   * one can only be ptraced with CAP_SYS_PTRACE in the sandbox's user namespace, which the
   * candidate never has. execve resets the flag, so the candidate itself stays dumpable. */
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    struct pj_report r = {
        .kind = PJ_REPORT_SETUP_FAILED, .step = PJ_STEP_INIT_DUMPABLE, .err = errno};
    send_report(&r);
    return 1;
  }
  pid_t child = fork();
  if (child < 0) {
    struct pj_report r = {.kind = PJ_REPORT_EXEC_FAILED, .err = errno};
    send_report(&r);
    return 1;
  }
  if (child == 0) run_candidate(argv + 1);
  close(PJ_FD_GO);
  close(PJ_FD_CALLS); /* only the candidate's tree holds it: its end is their end */
  struct pj_report forked = {.kind = PJ_REPORT_FORKED};
  send_report(&forked);

  struct pj_report done = {.kind = PJ_REPORT_DONE};
  for (;;) {
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    pid_t p = wait4(-1, &status, __WALL, &ru);
    if (p < 0) {
      if (errno == EINTR) continue;
      break; /* ECHILD: nothing left */
    }
    done.utime_ns += tv_ns(ru.ru_utime);
    done.stime_ns += tv_ns(ru.ru_stime);
    if (ru.ru_maxrss > done.maxrss_kib) done.maxrss_kib = ru.ru_maxrss;
    if (p == child) {
      done.status = status;
      kill(-1, SIGKILL); /* every other process of the namespace; pid 1 is spared */
    }
  }
  send_report(&done);
  return 0;
}
