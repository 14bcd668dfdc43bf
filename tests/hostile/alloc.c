/* Allocates and touches argv[1] MiB (default 10 GiB) in 64 MiB chunks, then exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  long mib = argc > 1 ? atol(argv[1]) : 10240;
  for (long done = 0; done < mib; done += 64) {
    char* p = malloc(64L << 20);
    if (!p) {
      printf("allocation failed after %ld MiB\n", done);
      return 3;
    }
    memset(p, 1, 64L << 20);
  }
  printf("touched %ld MiB\n", mib);
  return 0;
}
