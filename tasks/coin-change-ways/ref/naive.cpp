// O(N^2 * sum 1/c_i): with each new coin c, ways[s] = sum over t >= 0 of old[s - t*c].
#include <cstdio>
#include <vector>

int main() {
  const long long MOD = 1000000007;
  int k, n;
  if (scanf("%d %d", &k, &n) != 2) return 1;
  std::vector<long long> ways(n + 1, 0), next(n + 1);
  ways[0] = 1;
  for (int i = 0; i < k; ++i) {
    int c;
    scanf("%d", &c);
    for (int s = 0; s <= n; ++s) {
      long long total = 0;
      for (int r = s; r >= 0; r -= c) total += ways[r];
      next[s] = total % MOD;
    }
    ways.swap(next);
  }
  printf("%lld\n", ways[n]);
}
