/* For each path argument, prints "PATH visible" if it can be opened for reading (file or
 * directory), else "PATH hidden: reason". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      printf("%s hidden: %s\n", argv[i], strerror(errno));
      continue;
    }
    close(fd);
    printf("%s visible\n", argv[i]);
  }
  return 0;
}
