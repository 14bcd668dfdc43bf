// O(N sqrt N): trial division of every number by every d with d*d <= x.
#include <cstdio>

int main() {
  long long n;
  if (scanf("%lld", &n) != 1) return 1;
  long long count = 0;
  for (long long x = 2; x <= n; ++x) {
    bool prime = true;
    for (long long d = 2; d * d <= x; ++d)
      if (x % d == 0) {
        prime = false;
        break;
      }
    if (prime) ++count;
  }
  printf("%lld\n", count);
}
