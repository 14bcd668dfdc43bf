// Sparse table, O(n log n) to build and O(1) per query: the minimum of two overlapping
// power-of-two windows that cover the range.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

// Buffered input and output: scanf/printf would cost as much as the work being measured.
static char in_buf[1 << 16];
static size_t in_len = 0, in_pos = 0;
static int next_char() {
  if (in_pos == in_len) {
    in_len = fread(in_buf, 1, sizeof in_buf, stdin);
    in_pos = 0;
    if (in_len == 0) return -1;
  }
  return in_buf[in_pos++];
}
static long long read_int() {
  int c = next_char();
  while (c != '-' && (c < '0' || c > '9')) c = next_char();
  const bool neg = c == '-';
  if (neg) c = next_char();
  long long x = 0;
  for (; c >= '0' && c <= '9'; c = next_char()) x = x * 10 + (c - '0');
  return neg ? -x : x;
}
static std::string out_buf;
static void write_int(long long x, char sep) {
  char tmp[24];
  int n = 0;
  unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
  do tmp[n++] = char('0' + u % 10), u /= 10;
  while (u);
  if (x < 0) out_buf += '-';
  while (n) out_buf += tmp[--n];
  out_buf += sep;
}
static void flush_out() {
  fwrite(out_buf.data(), 1, out_buf.size(), stdout);
}

int main() {
  const int n = (int)read_int(), q = (int)read_int();
  std::vector<std::vector<long long>> table(1, std::vector<long long>(n));
  for (int i = 0; i < n; ++i) table[0][i] = read_int();
  for (int k = 1; (1 << k) <= n; ++k) {
    const std::vector<long long>& prev = table[k - 1];
    std::vector<long long> cur(n - (1 << k) + 1);
    for (size_t i = 0; i < cur.size(); ++i) cur[i] = std::min(prev[i], prev[i + (1 << (k - 1))]);
    table.push_back(std::move(cur));
  }
  for (int j = 0; j < q; ++j) {
    const int l = (int)read_int() - 1, r = (int)read_int();  // [l, r)
    const int k = 31 - __builtin_clz((unsigned)(r - l));
    write_int(std::min(table[k][l], table[k][r - (1 << k)]), '\n');
  }
  flush_out();
}
