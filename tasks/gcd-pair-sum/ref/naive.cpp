// O(T N^2 log N): add gcd(i, j) over every pair.
#include <cstdio>
#include <numeric>

int main() {
  int t;
  if (scanf("%d", &t) != 1) return 1;
  while (t--) {
    long long n;
    scanf("%lld", &n);
    long long total = 0;
    for (long long i = 1; i <= n; ++i)
      for (long long j = 1; j <= n; ++j) total += std::gcd(i, j);
    printf("%lld\n", total);
  }
}
