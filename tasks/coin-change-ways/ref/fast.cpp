// O(k N): with each new coin c, ways[s] += ways[s - c] in increasing s, which already counts
// any number of copies of c.
#include <cstdio>
#include <vector>

int main() {
  const int MOD = 1000000007;
  int k, n;
  if (scanf("%d %d", &k, &n) != 2) return 1;
  std::vector<int> ways(n + 1, 0);
  ways[0] = 1;
  for (int i = 0; i < k; ++i) {
    int c;
    scanf("%d", &c);
    for (int s = c; s <= n; ++s) {
      ways[s] += ways[s - c];
      if (ways[s] >= MOD) ways[s] -= MOD;
    }
  }
  printf("%d\n", ways[n]);
}
