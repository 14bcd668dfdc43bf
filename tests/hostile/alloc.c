/* Allocates and touches argv[1] MiB (default 10 GiB) in chunks of at most 64 MiB, holds it
 * for argv[2] milliseconds (default 0), then exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char** argv) {
  long mib = argc > 1 ? atol(argv[1]) : 10240;
  long hold_ms = argc > 2 ? atol(argv[2]) : 0;
  for (long done = 0; done < mib; done += 64) {
    long chunk = mib - done < 64 ? mib - done : 64;
    char* p = malloc(chunk << 20);
    if (!p) {
      printf("allocation failed after %ld MiB\n", done);
      return 3;
    }
    memset(p, 1, chunk << 20);
  }
  struct timespec hold = {hold_ms / 1000, (hold_ms % 1000) * 1000000L};
  nanosleep(&hold, NULL);
  printf("touched %ld MiB\n", mib);
  return 0;
}
