// The "pull request" of the CI-gate example: still correct, but it re-sums the prefix for
// every element (quadratic), the known regression the gate must catch.
#include <cstdio>
#include <vector>

int main() {
  long n = 0;
  if (std::scanf("%ld", &n) != 1) return 1;
  std::vector<long> v(static_cast<std::size_t>(n));
  for (auto& x : v) std::scanf("%ld", &x);
  long s = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    long prefix = 0;
    for (std::size_t j = 0; j <= i; ++j) prefix += v[j];
    s = prefix;
  }
  std::printf("%ld\n", s);
}
