/* Tries to forge the sandbox's measurements through its init helper (pid 1 of the run):
 * burns argv[1] ms of CPU, then (a) opens /proc/1/mem for writing and (b) takes init's report
 * pipe with pidfd_getfd(pidfd_open(1), 3) and writes a forged DONE record claiming 1 us of
 * CPU and a clean exit. Prints "mem denied"/"mem OPEN" and "getfd denied"/"getfd FORGED". */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../../sandbox/report.h"

static double cpu_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  double ms = argc > 1 ? atof(argv[1]) : 200;
  volatile unsigned long x = 0;
  while (cpu_ms() < ms)
    for (int i = 0; i < 100000; ++i) x += i;

  int mem = open("/proc/1/mem", O_RDWR);
  printf("mem %s\n", mem < 0 ? "denied" : "OPEN");
  int pidfd = (int)syscall(SYS_pidfd_open, 1, 0);
  int fd = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, PJ_FD_REPORT, 0);
  if (fd < 0) {
    printf("getfd denied\n");
  } else {
    struct pj_report forged = {.kind = PJ_REPORT_DONE, .status = 0, .utime_ns = 1000};
    struct pj_report again = {.kind = PJ_REPORT_FORKED};
    write(fd, &again, sizeof again);
    write(fd, &forged, sizeof forged);
    printf("getfd FORGED\n");
  }
  fflush(stdout);
  return 0;
}
