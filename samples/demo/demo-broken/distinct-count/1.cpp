// Times out: the loop never ends.
#include <cstdio>
int main() {
  volatile unsigned long long spin = 0;
  for (;;) spin = spin + 1;
}
