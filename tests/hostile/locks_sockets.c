/* Probes what is shared with the host through locks and odd socket families.
 * `locks_sockets flock|posix|ofd|lease PATH` takes an exclusive non-blocking lock (or a read
 * lease) on PATH; `locks_sockets socket FAMILY` creates a socket of that address family
 * (e.g. 40, AF_VSOCK); `locks_sockets socket-hi FAMILY` passes it with high bits set, as a
 * raw syscall. Prints "ok" or the error, exits 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void result(const char* what, int rc) {
  printf("%s: %s\n", what, rc < 0 ? strerror(errno) : "ok");
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const char* mode = argv[1];
  if (strncmp(mode, "socket", 6) == 0) {
    long family = atol(argv[2]);
    if (strcmp(mode, "socket-hi") == 0) family |= 0x100000000L;
    long fd = syscall(SYS_socket, family, SOCK_STREAM, 0);
    result("socket", (int)fd);
    return 0;
  }
  int fd = open(argv[2], O_RDONLY);
  if (fd < 0) {
    result("open", -1);
    return 0;
  }
  struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET};
  if (strcmp(mode, "flock") == 0) result("flock", flock(fd, LOCK_SH | LOCK_NB));
  if (strcmp(mode, "posix") == 0) result("posix", fcntl(fd, F_SETLK, &fl));
  if (strcmp(mode, "ofd") == 0) result("ofd", fcntl(fd, F_OFD_SETLK, &fl));
  if (strcmp(mode, "lease") == 0) result("lease", fcntl(fd, F_SETLEASE, F_RDLCK));
  return 0;
}
