// O(n^2): best[i] = 1 + max best[j] over j < i with a[j] < a[i].
#include <cstdio>
#include <vector>

int main() {
  int n;
  if (scanf("%d", &n) != 1) return 1;
  std::vector<long long> a(n);
  for (auto& x : a) scanf("%lld", &x);
  std::vector<int> best(n, 1);
  int ans = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < i; ++j)
      if (a[j] < a[i] && best[j] + 1 > best[i]) best[i] = best[j] + 1;
    if (best[i] > ans) ans = best[i];
  }
  printf("%d\n", ans);
}
