// O(n log n): tails[k] = smallest possible last value of an increasing subsequence of length k+1.
#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
  int n;
  if (scanf("%d", &n) != 1) return 1;
  std::vector<long long> tails;
  for (int i = 0; i < n; ++i) {
    long long x;
    scanf("%lld", &x);
    auto it = std::lower_bound(tails.begin(), tails.end(), x);
    if (it == tails.end())
      tails.push_back(x);
    else
      *it = x;
  }
  printf("%zu\n", tails.size());
}
