// Knuth-Morris-Pratt, O(|T| + |P|): the failure function of P lets the scan of T never move
// backwards.
#include <iostream>
#include <string>
#include <vector>

int main() {
  std::string t, p;
  std::cin >> t >> p;
  const size_t m = p.size();
  std::vector<size_t> fail(m, 0);
  for (size_t i = 1, k = 0; i < m; ++i) {
    while (k > 0 && p[i] != p[k]) k = fail[k - 1];
    if (p[i] == p[k]) ++k;
    fail[i] = k;
  }
  long long count = 0;
  for (size_t i = 0, k = 0; i < t.size(); ++i) {
    while (k > 0 && t[i] != p[k]) k = fail[k - 1];
    if (t[i] == p[k]) ++k;
    if (k == m) {
      ++count;
      k = fail[k - 1];
    }
  }
  std::cout << count << "\n";
}
