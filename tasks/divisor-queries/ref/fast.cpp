// Sieve the primes up to sqrt(10^9) once, then factorise each query by those primes only,
// stopping when p*p exceeds what is left: d(x) = product of (exponent + 1).
#include <cstdio>
#include <vector>

int main() {
  const int LIMIT = 31623;
  std::vector<char> composite(LIMIT + 1, 0);
  std::vector<long long> primes;
  for (int i = 2; i <= LIMIT; ++i) {
    if (composite[i]) continue;
    primes.push_back(i);
    for (long long j = (long long)i * i; j <= LIMIT; j += i) composite[j] = 1;
  }
  int q;
  if (scanf("%d", &q) != 1) return 1;
  while (q--) {
    long long x;
    scanf("%lld", &x);
    long long count = 1;
    for (long long p : primes) {
      if (p * p > x) break;
      int e = 0;
      while (x % p == 0) x /= p, ++e;
      count *= e + 1;
    }
    if (x > 1) count *= 2;
    printf("%lld\n", count);
  }
}
