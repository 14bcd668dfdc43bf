/* Holds shared memory that no process maps, which resident memory does not show:
 * `shm_hold MODE MIB [fork]`. memfd: 2 MiB memfds filled with write(); sysv: one shmget
 * segment, filled one MiB per attachment; posix: a shm_open object filled with write().
 * anon-dontneed / zero-dontneed: one MAP_SHARED mapping (MAP_ANONYMOUS, or of /dev/zero), each
 * MiB filled then dropped from the page tables with MADV_DONTNEED; anon-unmap / zero-unmap: the
 * same, each MiB unmapped instead, all but the last page. Either way the shmem object keeps
 * every page while resident memory stays at about one MiB. With `fork`, a child that shares the
 * mapping holds it too (the same pages, which must be charged once).
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
#include <sys/wait.h>
#include <unistd.h>

static char chunk[1 << 20];

static long fill(int fd, long mib) {
  long done = 0;
  for (; done < mib; ++done)
    if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) break;
  return done;
}

/* One shared mapping of `mib` MiB, filled a MiB at a time, each MiB then dropped (dontneed) or
 * unmapped (unmap, keeping the region's last page so that the object stays alive). */
static long fill_mapping(const char* mode, long mib, const char** why) {
  const size_t size = (size_t)mib << 20, page = (size_t)sysconf(_SC_PAGESIZE);
  char* p = MAP_FAILED;
  if (strncmp(mode, "zero", 4) == 0) {
    int fd = open("/dev/zero", O_RDWR);
    if (fd >= 0) p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (fd >= 0) close(fd);
  } else {
    p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  }
  if (p == MAP_FAILED) {
    *why = strerror(errno);
    return 0;
  }
  const int unmap = strstr(mode, "unmap") != NULL;
  long held = 0;
  for (; held < mib; ++held) {
    char* m = p + ((size_t)held << 20);
    memset(m, 'x', 1 << 20);
    const size_t len = held + 1 == mib ? (1 << 20) - page : (1 << 20);
    if ((unmap ? munmap(m, len) : madvise(m, 1 << 20, MADV_DONTNEED)) != 0) {
      *why = strerror(errno);
      break;
    }
  }
  return held;
}

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) return 2;
  const long mib = atol(argv[2]);
  memset(chunk, 'x', sizeof chunk);
  long held = 0;
  const char* why = NULL;
  if (strstr(argv[1], "dontneed") || strstr(argv[1], "unmap")) {
    held = fill_mapping(argv[1], mib, &why);
  } else if (strcmp(argv[1], "memfd") == 0) {
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
  pid_t child = argc == 4 && strcmp(argv[3], "fork") == 0 ? fork() : -1;
  usleep(300000);
  if (child == 0) _exit(0);
  if (child > 0) waitpid(child, NULL, 0);
  return 0;
}
