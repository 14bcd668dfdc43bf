// O(n^2): expand around each of the 2n-1 centers.
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
  const long long n = (long long)s.size();
  long long best_len = 0, best_start = 0;
  for (long long c = 0; c < 2 * n - 1; ++c) {
    long long l = c / 2, r = l + c % 2;
    while (l >= 0 && r < n && s[l] == s[r]) --l, ++r;
    const long long len = r - l - 1, start = l + 1;
    if (len > best_len || (len == best_len && start < best_start))
      best_len = len, best_start = start;
  }
  printf("%lld %lld\n", best_len, best_start + 1);
}
