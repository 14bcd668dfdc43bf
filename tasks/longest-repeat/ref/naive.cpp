// O(n^2): for every shift d, the longest run of positions i with s[i] == s[i + d].
#include <cstdio>
#include <string>

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
  const std::string s = read_word();
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
  printf("%zu\n", best);
}
