// O(Q sqrt X): for each query, test every d with d*d <= x; d and x/d are both divisors.
#include <cstdio>

int main() {
  int q;
  if (scanf("%d", &q) != 1) return 1;
  while (q--) {
    long long x;
    scanf("%lld", &x);
    long long count = 0;
    for (long long d = 1; d * d <= x; ++d)
      if (x % d == 0) count += (d * d == x) ? 1 : 2;
    printf("%lld\n", count);
  }
}
