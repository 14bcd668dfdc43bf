// O(M log log M + T N) with M the largest query: gcd(i, j) = Σ_{d | gcd(i,j)} phi(d), so
// S(N) = Σ_d phi(d) * floor(N/d)^2, with phi from a sieve.
#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
  int t;
  if (scanf("%d", &t) != 1) return 1;
  std::vector<long long> qs(t);
  for (auto& q : qs) scanf("%lld", &q);
  const long long m = *std::max_element(qs.begin(), qs.end());
  std::vector<long long> phi(m + 1);
  for (long long i = 0; i <= m; ++i) phi[i] = i;
  for (long long p = 2; p <= m; ++p)
    if (phi[p] == p)
      for (long long k = p; k <= m; k += p) phi[k] -= phi[k] / p;
  for (long long n : qs) {
    long long total = 0;
    for (long long d = 1; d <= n; ++d) total += phi[d] * (n / d) * (n / d);
    printf("%lld\n", total);
  }
}
