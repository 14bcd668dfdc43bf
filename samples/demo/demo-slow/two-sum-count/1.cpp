#include <cstdio>
#include <vector>
int main() {
  int n;
  long long t;
  if (scanf("%d %lld", &n, &t) != 2) return 0;
  std::vector<long long> a(n);
  for (auto& x : a) scanf("%lld", &x);
  long long pairs = 0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      if (a[i] + a[j] == t) pairs++;
  printf("%lld\n", pairs);
}
