// Fenwick (binary indexed) tree: O(log n) per update and per prefix sum.
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

struct Fenwick {
  std::vector<long long> t;
  explicit Fenwick(int n) : t(n + 1, 0) {}
  void add(int i, long long d) {
    for (; i < (int)t.size(); i += i & -i) t[i] += d;
  }
  long long prefix(int i) const {
    long long s = 0;
    for (; i > 0; i -= i & -i) s += t[i];
    return s;
  }
};

int main() {
  const int n = (int)read_int(), q = (int)read_int();
  std::vector<long long> a(n + 1);
  Fenwick fw(n);
  for (int i = 1; i <= n; ++i) {
    a[i] = read_int();
    fw.add(i, a[i]);
  }
  for (int k = 0; k < q; ++k) {
    const long long type = read_int(), x = read_int(), y = read_int();
    if (type == 1) {
      fw.add((int)x, y - a[x]);
      a[x] = y;
    } else {
      write_int(fw.prefix((int)y) - fw.prefix((int)x - 1), '\n');
    }
  }
  flush_out();
}
