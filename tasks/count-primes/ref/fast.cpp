// Sieve of Eratosthenes, O(N log log N).
#include <cstdio>
#include <vector>

int main() {
  long long n;
  if (scanf("%lld", &n) != 1) return 1;
  std::vector<char> composite(n + 1, 0);
  long long count = 0;
  for (long long x = 2; x <= n; ++x) {
    if (composite[x]) continue;
    ++count;
    for (long long y = x * x; y <= n; y += x) composite[y] = 1;
  }
  printf("%lld\n", count);
}
