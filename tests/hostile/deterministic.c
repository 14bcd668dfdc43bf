/* A fixed amount of work on argv[1] (default 100000): the same input, the same instructions. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  unsigned long h = 1469598103934665603UL;
  for (long i = 0; i < n; ++i) h = (h ^ (unsigned long)i) * 1099511628211UL;
  printf("%lu\n", h);
  return 0;
}
