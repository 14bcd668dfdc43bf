// O(n^2): expand around each of the 2n-1 centers.
#include <iostream>
#include <string>

int main() {
  std::string s;
  std::cin >> s;
  const long long n = (long long)s.size();
  long long best_len = 0, best_start = 0;
  for (long long c = 0; c < 2 * n - 1; ++c) {
    long long l = c / 2, r = l + c % 2;
    while (l >= 0 && r < n && s[l] == s[r]) --l, ++r;
    const long long len = r - l - 1, start = l + 1;
    if (len > best_len || (len == best_len && start < best_start))
      best_len = len, best_start = start;
  }
  std::cout << best_len << " " << best_start + 1 << "\n";
}
