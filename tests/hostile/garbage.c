/* Writes argv[1] KiB (default 256) of every byte value 0..255, to stdout and to stderr. */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long kib = argc > 1 ? atol(argv[1]) : 256;
  unsigned char buf[1024];
  for (int i = 0; i < 1024; ++i) buf[i] = (unsigned char)i;
  for (long i = 0; i < kib; ++i) {
    if (write(1, buf, sizeof buf) != sizeof buf) return 1;
    if (write(2, buf, sizeof buf) != sizeof buf) return 1;
  }
  return 0;
}
