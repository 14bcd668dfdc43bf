// O(n^2): for every shift d, the longest run of positions i with s[i] == s[i + d].
#include <iostream>
#include <string>

int main() {
  std::string s;
  std::cin >> s;
  const size_t n = s.size();
  size_t best = 0;
  for (size_t d = 1; d < n; ++d) {
    size_t run = 0;
    for (size_t i = 0; i + d < n; ++i) {
      if (s[i] == s[i + d]) {
        if (++run > best) best = run;
      } else {
        run = 0;
      }
    }
  }
  std::cout << best << "\n";
}
