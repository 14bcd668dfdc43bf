// O(|s| |t|) dynamic programming over one row of the edit-distance table.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

int main() {
  std::string s, t;
  std::cin >> s >> t;
  std::vector<int> row(t.size() + 1);
  for (size_t j = 0; j <= t.size(); ++j) row[j] = (int)j;
  for (size_t i = 1; i <= s.size(); ++i) {
    int diag = row[0];
    row[0] = (int)i;
    for (size_t j = 1; j <= t.size(); ++j) {
      int up = row[j];
      row[j] = std::min({up + 1, row[j - 1] + 1, diag + (s[i - 1] != t[j - 1])});
      diag = up;
    }
  }
  std::cout << row[t.size()] << "\n";
}
