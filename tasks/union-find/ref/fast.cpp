// Disjoint-set union with union by size and path halving: near-constant amortised time per
// operation.
#include <cstdio>
#include <string>
#include <utility>
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

struct Dsu {
  std::vector<int> parent, size;
  explicit Dsu(int n) : parent(n + 1), size(n + 1, 1) {
    for (int i = 0; i <= n; ++i) parent[i] = i;
  }
  int find(int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(int a, int b) {
    a = find(a), b = find(b);
    if (a == b) return;
    if (size[a] < size[b]) std::swap(a, b);
    parent[b] = a;
    size[a] += size[b];
  }
};

int main() {
  const int n = (int)read_int(), q = (int)read_int();
  Dsu dsu(n);
  for (int k = 0; k < q; ++k) {
    const int type = (int)read_int(), a = (int)read_int(), b = (int)read_int();
    if (type == 1)
      dsu.unite(a, b);
    else
      write_int(dsu.find(a) == dsu.find(b) ? 1 : 0, '\n');
  }
  flush_out();
}
