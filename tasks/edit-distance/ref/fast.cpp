// Myers/Hyyro bit-parallel edit distance, O(|t| * |s| / 64): each 64-row block of a column of
// the DP table is advanced with a few word operations; blocks pass their horizontal delta down.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using Word = std::uint64_t;

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
  const size_t m = s.size(), blocks = (m + 63) / 64;
  std::vector<std::vector<Word>> peq(26, std::vector<Word>(blocks, 0));
  for (size_t i = 0; i < m; ++i) peq[s[i] - 'a'][i / 64] |= Word(1) << (i % 64);
  std::vector<Word> P(blocks, ~Word(0)), M(blocks, 0);
  const int last_bit = (int)((m - 1) % 64);
  long long score = (long long)m;
  for (char c : t) {
    const std::vector<Word>& eqc = peq[c - 'a'];
    int hin = 1;  // row 0 of the table grows by one per column
    for (size_t b = 0; b < blocks; ++b) {
      Word eq = eqc[b], pv = P[b], mv = M[b];
      const Word neg = hin < 0 ? 1 : 0;
      const Word xv = eq | mv;
      eq |= neg;
      const Word xh = (((eq & pv) + pv) ^ pv) | eq;
      Word ph = mv | ~(xh | pv);
      Word mh = pv & xh;
      if (b == blocks - 1) score += (int)((ph >> last_bit) & 1) - (int)((mh >> last_bit) & 1);
      const int hout = (int)(ph >> 63) - (int)(mh >> 63);
      ph = (ph << 1) | (hin > 0 ? 1 : 0);
      mh = (mh << 1) | neg;
      P[b] = mh | ~(xv | ph);
      M[b] = ph & xv;
      hin = hout;
    }
  }
  printf("%lld\n", score);
}
