// The baseline build of the CI-gate example: one pass over the input.
#include <cstdio>
#include <vector>

int main() {
  long n = 0;
  if (std::scanf("%ld", &n) != 1) return 1;
  std::vector<long> v(static_cast<std::size_t>(n));
  for (auto& x : v) std::scanf("%ld", &x);
  long s = 0;
  for (long x : v) s += x;
  std::printf("%ld\n", s);
}
