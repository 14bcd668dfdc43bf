/* Hides CPU time in children that nobody waits for: SIGCHLD is ignored, so the kernel reaps
 * them and their time never reaches any rusage. Forks argv[1] children that each burn argv[2]
 * ms of CPU (all at once, or one after the other when argv[3] is given), waits until they are
 * all gone, then exits 0. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double cpu_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  int n = argc > 1 ? atoi(argv[1]) : 3;
  double ms = argc > 2 ? atof(argv[2]) : 300;
  int one_at_a_time = argc > 3;
  signal(SIGCHLD, SIG_IGN);
  pid_t kids[64];
  for (int i = 0; i < n && i < 64; ++i) {
    if (one_at_a_time && i > 0)
      while (kill(kids[i - 1], 0) == 0 || errno != ESRCH) usleep(1000);
    kids[i] = fork();
    if (kids[i] == 0) {
      volatile unsigned long x = 0;
      while (cpu_ms() < ms)
        for (int j = 0; j < 100000; ++j) x += j;
      _exit(0);
    }
  }
  for (int i = 0; i < n && i < 64; ++i)
    while (kill(kids[i], 0) == 0 || errno != ESRCH) usleep(2000);
  return 0;
}
