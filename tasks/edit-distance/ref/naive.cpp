// O(|s| |t|) dynamic programming over one row of the edit-distance table.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

// Reads the next whitespace-separated word: iostreams would cost more than the algorithm on
// these input sizes.
static std::string read_word() {
  std::string w;
  int c = getchar_unlocked();
  while (c == ' ' || c == '\n' || c == '\r' || c == '\t') c = getchar_unlocked();
  while (c != EOF && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
    w += (char)c;
    c = getchar_unlocked();
  }
  return w;
}

int main() {
  const std::string s = read_word(), t = read_word();
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
  printf("%d\n", row[t.size()]);
}
