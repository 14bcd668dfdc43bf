/* Holds shared memory that no process maps, which resident memory does not show:
 * `shm_hold memfd|sysv|posix MIB`. memfd: 2 MiB memfds filled with write(); sysv: one
 * shmget segment, filled one MiB per attachment; posix: a shm_open object filled with write().
 * Prints "held N MiB" or "MODE failed after N MiB: reason", keeps it 0.3 s, exits 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

static char chunk[1 << 20];

static long fill(int fd, long mib) {
  long done = 0;
  for (; done < mib; ++done)
    if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) break;
  return done;
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const long mib = atol(argv[2]);
  memset(chunk, 'x', sizeof chunk);
  long held = 0;
  const char* why = NULL;
  if (strcmp(argv[1], "memfd") == 0) {
    while (held < mib) {
      int fd = memfd_create("pj", 0);
      if (fd < 0) {
        why = strerror(errno);
        break;
      }
      long got = fill(fd, 2);
      held += got;
      if (got < 2) {
        why = strerror(errno);
        break;
      }
    }
  } else if (strcmp(argv[1], "sysv") == 0) {
    int id = shmget(IPC_PRIVATE, (size_t)mib << 20, IPC_CREAT | 0600);
    if (id < 0) {
      why = strerror(errno);
    } else {
      /* One MiB per attachment, detached again: resident memory never shows more. */
      for (; held < mib; ++held) {
        char* p = shmat(id, NULL, 0);
        if (p == (void*)-1) {
          why = strerror(errno);
          break;
        }
        memset(p + (held << 20), 'x', 1 << 20);
        shmdt(p);
      }
    }
  } else {
    int fd = shm_open("/pj-hold", O_RDWR | O_CREAT, 0600);
    if (fd < 0) {
      why = strerror(errno);
    } else {
      held = fill(fd, mib);
      if (held < mib) why = strerror(errno);
    }
  }
  if (why)
    printf("%s failed after %ld MiB: %s\n", argv[1], held, why);
  else
    printf("held %ld MiB\n", held);
  fflush(stdout);
  usleep(300000);
  return 0;
}
