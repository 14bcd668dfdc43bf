// Knuth-Morris-Pratt, O(|T| + |P|): the failure function of P lets the scan of T never move
// backwards.
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
  const std::string t = read_word(), p = read_word();
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
  printf("%lld\n", count);
}
