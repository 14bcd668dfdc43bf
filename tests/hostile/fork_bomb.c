/* Forks without end. Reports the first refused fork, then keeps trying (and spinning). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  int reported = 0;
  for (;;) {
    pid_t p = fork();
    if (p < 0 && !reported) {
      printf("fork refused: %s\n", strerror(errno));
      fflush(stdout);
      reported = 1;
    }
  }
}
