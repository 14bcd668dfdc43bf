/* Writes a line, closes stdout, keeps working a little, then reports on stderr. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
  printf("before close\n");
  fflush(stdout);
  close(1);
  usleep(100000);
  fprintf(stderr, "still alive after closing stdout\n");
  return 0;
}
