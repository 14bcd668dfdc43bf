#include <cstdio>

int main() {
  long n = 0, s = 0, x = 0;
  if (std::scanf("%ld", &n) != 1) return 1;
  while (n-- > 0 && std::scanf("%ld", &x) == 1) s += x;
  std::printf("%ld\n", s);
}
