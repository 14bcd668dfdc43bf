/* Tries to outlive the run: setsid + double fork; the grandchild says it is alive and
 * sleeps. argv[1] is a marker the test searches for in /proc afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  (void)argc;
  (void)argv;
  pid_t p = fork();
  if (p == 0) {
    setsid();
    if (fork() == 0) {
      printf("grandchild alive\n");
      fflush(stdout);
      for (;;) sleep(1000);
    }
    _exit(0);
  }
  sleep(1); /* give the grandchild time to report */
  return 0;
}
