/* Pushes a command into the terminal on stdin with TIOCSTI, as a candidate run from an
 * interactive shell could; prints "injected" or "denied", and its session id. */
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void) {
  const char* cmd = "echo PWNED\n";
  int ok = 1;
  for (const char* c = cmd; *c; ++c)
    if (ioctl(0, TIOCSTI, c) != 0) ok = 0;
  printf("%s sid=%d\n", ok ? "injected" : "denied", (int)getsid(0));
  return 0;
}
