// O(|T| |P|): compare the pattern at every position of the text.
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
  const std::string t = read_word(), p = read_word();
  long long count = 0;
  for (size_t i = 0; i + p.size() <= t.size(); ++i) {
    size_t j = 0;
    while (j < p.size() && t[i + j] == p[j]) ++j;
    if (j == p.size()) ++count;
  }
  printf("%lld\n", count);
}
