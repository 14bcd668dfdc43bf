/* Prints every open file descriptor ("fd N") and every environment variable ("env K=V"). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

extern char** environ;

int main(void) {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return 2;
  int self = dirfd(d);
  struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (atoi(e->d_name) == self) continue;
    printf("fd %s\n", e->d_name);
  }
  closedir(d);
  for (char** v = environ; *v; ++v) printf("env %s\n", *v);
  return 0;
}
