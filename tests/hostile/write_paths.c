/* For each path argument, tries to create it as a file and prints "PATH ok" or
 * "PATH denied: reason". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    int fd = open(argv[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
      printf("%s denied: %s\n", argv[i], strerror(errno));
      continue;
    }
    int ok = write(fd, "x", 1) == 1;
    close(fd);
    printf("%s %s\n", argv[i], ok ? "ok" : "denied: write failed");
  }
  return 0;
}
