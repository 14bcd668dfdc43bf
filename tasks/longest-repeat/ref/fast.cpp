// O(n log n): binary search on the length L; a length is feasible when two windows of length L
// have the same polynomial hash modulo 2^61-1 and, checked directly, the same letters.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using u64 = std::uint64_t;
static const u64 MOD = (u64(1) << 61) - 1;

static u64 mulmod(u64 a, u64 b) {
  const unsigned __int128 p = (unsigned __int128)a * b;
  u64 r = (u64)(p & MOD) + (u64)(p >> 61);
  return r >= MOD ? r - MOD : r;
}

struct Hasher {
  std::vector<u64> pre, pw;
  explicit Hasher(const std::string& s) : pre(s.size() + 1, 0), pw(s.size() + 1, 1) {
    const u64 base = 911382323;
    for (size_t i = 0; i < s.size(); ++i) {
      pre[i + 1] = (mulmod(pre[i], base) + (u64)s[i]) % MOD;
      pw[i + 1] = mulmod(pw[i], base);
    }
  }
  u64 get(size_t i, size_t len) const {
    return (pre[i + len] + MOD - mulmod(pre[i], pw[len])) % MOD;
  }
};

// Open addressing keyed by hash: a node-based map would cost more than the hashing itself.
static bool repeated(const std::string& s, const Hasher& h, size_t len) {
  size_t cap = 1;
  while (cap < 2 * s.size()) cap <<= 1;
  std::vector<u64> keys(cap);
  std::vector<size_t> pos(cap, SIZE_MAX);
  for (size_t i = 0; i + len <= s.size(); ++i) {
    const u64 key = h.get(i, len);
    size_t slot = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
    while (pos[slot] != SIZE_MAX) {
      if (keys[slot] == key && std::memcmp(&s[pos[slot]], &s[i], len) == 0) return true;
      slot = (slot + 1) & (cap - 1);
    }
    keys[slot] = key;
    pos[slot] = i;
  }
  return false;
}

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
  const Hasher h(s);
  size_t lo = 0, hi = s.size() - 1;  // answer in [lo, hi]
  while (lo < hi) {
    const size_t mid = (lo + hi + 1) / 2;
    if (repeated(s, h, mid))
      lo = mid;
    else
      hi = mid - 1;
  }
  printf("%zu\n", lo);
}
