// Wrong answer: 32-bit sums overflow on large values.
#include <cstdio>
#include <vector>
int main() {
  int n, q;
  if (scanf("%d %d", &n, &q) != 2) return 0;
  std::vector<int> pre(n + 1, 0);
  for (int i = 1; i <= n; i++) {
    int x;
    scanf("%d", &x);
    pre[i] = (int)((unsigned)pre[i - 1] + (unsigned)x);
  }
  while (q--) {
    int l, r;
    scanf("%d %d", &l, &r);
    printf("%d\n", (int)((unsigned)pre[r] - (unsigned)pre[l - 1]));
  }
}
