/* Writes argv[1] MiB (default 1 GiB) to stdout. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long mib = argc > 1 ? atol(argv[1]) : 1024;
  static char buf[1 << 20];
  memset(buf, 'x', sizeof buf);
  for (long i = 0; i < mib; ++i) {
    size_t off = 0;
    while (off < sizeof buf) {
      ssize_t n = write(1, buf + off, sizeof buf - off);
      if (n <= 0) return 1;
      off += n;
    }
  }
  return 0;
}
