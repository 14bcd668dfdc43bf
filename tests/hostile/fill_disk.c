/* Tries to take disk space: `fill_disk fallocate PATH MIB` reserves MIB MiB at once,
 * `fill_disk write PATH MIB` writes MIB MiB in 1 MiB chunks. Prints what it got, e.g.
 * "fallocate: ok" or "write: 16 MiB, then No space left on device", and exits 0 either way
 * so that the verdict reflects the sandbox's judgement, not the program's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  const long mib = atol(argv[3]);
  int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    printf("open: %s\n", strerror(errno));
    return 0;
  }
  if (strcmp(argv[1], "fallocate") == 0) {
    int rc = fallocate(fd, 0, 0, (off_t)mib << 20);
    printf("fallocate: %s\n", rc == 0 ? "ok" : strerror(errno));
    return 0;
  }
  static char chunk[1 << 20];
  memset(chunk, 'x', sizeof chunk);
  long done = 0;
  for (; done < mib; ++done) {
    if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) break;
  }
  printf("write: %ld MiB%s%s\n", done, done < mib ? ", then " : "",
         done < mib ? strerror(errno) : "");
  return 0;
}
