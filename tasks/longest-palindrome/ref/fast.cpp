// Manacher, O(n): radii of palindromes around every center of s with separators inserted,
// reusing the mirror radius inside the rightmost palindrome found so far.
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
  const std::string s = read_word();
  std::string t = "#";
  for (char ch : s) t += ch, t += '#';
  const long long m = (long long)t.size();
  std::vector<long long> rad(m, 0);
  long long best_len = 0, best_start = 0;
  for (long long i = 0, lo = 0, hi = -1; i < m; ++i) {
    long long k = i > hi ? 0 : std::min(rad[lo + hi - i], hi - i);
    while (i - k - 1 >= 0 && i + k + 1 < m && t[i - k - 1] == t[i + k + 1]) ++k;
    rad[i] = k;
    if (i + k > hi) lo = i - k, hi = i + k;
    const long long len = k, start = (i - k) / 2;  // in s
    if (len > best_len || (len == best_len && start < best_start))
      best_len = len, best_start = start;
  }
  printf("%lld %lld\n", best_len, best_start + 1);
}
