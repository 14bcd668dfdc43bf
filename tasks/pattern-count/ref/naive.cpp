// O(|T| |P|): compare the pattern at every position of the text.
#include <iostream>
#include <string>

int main() {
  std::string t, p;
  std::cin >> t >> p;
  long long count = 0;
  for (size_t i = 0; i + p.size() <= t.size(); ++i) {
    size_t j = 0;
    while (j < p.size() && t[i + j] == p[j]) ++j;
    if (j == p.size()) ++count;
  }
  std::cout << count << "\n";
}
