/* Probes perf_event_open and io_uring_setup the way runtimes do. Prints the errno of each
 * and exits 0 if both failed cleanly, 1 if either succeeded. */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_TASK_CLOCK;
  long p = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
  printf("perf_event_open: %s\n", p < 0 ? strerror(errno) : "opened");
  char params[120];
  memset(params, 0, sizeof params);
  long u = syscall(SYS_io_uring_setup, 4, params);
  printf("io_uring_setup: %s\n", u < 0 ? strerror(errno) : "opened");
  return p < 0 && u < 0 ? 0 : 1;
}
