/* Burns CPU: forever, or for argv[1] seconds of its own CPU time, then exits 0. */
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
  double limit = argc > 1 ? atof(argv[1]) : -1;
  volatile unsigned long x = 0;
  for (;;) {
    for (int i = 0; i < 100000; ++i) x += i;
    if (limit >= 0 && cpu_seconds() >= limit) return 0;
  }
}
