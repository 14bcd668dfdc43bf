// O(2^n * n): try every subset.
#include <cstdio>
#include <vector>

int main() {
  int n;
  long long cap;
  if (scanf("%d %lld", &n, &cap) != 2) return 1;
  std::vector<long long> w(n), v(n);
  for (int i = 0; i < n; ++i) scanf("%lld %lld", &w[i], &v[i]);
  long long best = 0;
  for (long long mask = 0; mask < (1LL << n); ++mask) {
    long long tw = 0, tv = 0;
    for (int i = 0; i < n; ++i)
      if (mask >> i & 1) {
        tw += w[i];
        tv += v[i];
      }
    if (tw <= cap && tv > best) best = tv;
  }
  printf("%lld\n", best);
}
