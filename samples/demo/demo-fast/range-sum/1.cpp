#include <cstdio>
#include <vector>
int main() {
  int n, q;
  if (scanf("%d %d", &n, &q) != 2) return 0;
  std::vector<long long> pre(n + 1, 0);
  for (int i = 1; i <= n; i++) {
    long long x;
    scanf("%lld", &x);
    pre[i] = pre[i - 1] + x;
  }
  while (q--) {
    int l, r;
    scanf("%d %d", &l, &r);
    printf("%lld\n", pre[r] - pre[l - 1]);
  }
}
