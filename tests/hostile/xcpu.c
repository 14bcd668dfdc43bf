/* Lowers its own soft RLIMIT_CPU to 1 s and spins: the kernel sends SIGXCPU before any
 * supervisor check of a larger limit could, as it does when a starved supervisor samples late. */
#include <sys/resource.h>

int main(void) {
  struct rlimit r;
  getrlimit(RLIMIT_CPU, &r);
  r.rlim_cur = 1;
  setrlimit(RLIMIT_CPU, &r);
  volatile unsigned long x = 0;
  for (;;) x++;
}
