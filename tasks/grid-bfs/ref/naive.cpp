#include <cstdio>
#include <string>
#include <vector>

// Whole-stdin reader: scanf would cost ~1000 instructions per number and hide the algorithm.
struct Input {
  std::vector<char> buf;
  size_t pos = 0;
  Input() {
    buf.resize(1 << 16);
    size_t len = 0;
    for (;;) {
      if (len == buf.size()) buf.resize(buf.size() * 2);
      size_t got = fread(buf.data() + len, 1, buf.size() - len, stdin);
      if (got == 0) break;
      len += got;
    }
    buf.resize(len);
    buf.push_back('\0');
  }
  long long num() {
    while (buf[pos] && buf[pos] != '-' && (buf[pos] < '0' || buf[pos] > '9')) pos++;
    bool neg = buf[pos] == '-';
    if (neg) pos++;
    long long x = 0;
    while (buf[pos] >= '0' && buf[pos] <= '9') x = x * 10 + (buf[pos++] - '0');
    return neg ? -x : x;
  }
  std::string word() {
    while (buf[pos] == ' ' || buf[pos] == '\n' || buf[pos] == '\r' || buf[pos] == '\t') pos++;
    size_t start = pos;
    while (buf[pos] && buf[pos] != ' ' && buf[pos] != '\n' && buf[pos] != '\r' && buf[pos] != '\t')
      pos++;
    return std::string(buf.data() + start, pos - start);
  }
};

struct Output {
  std::string out;
  void num(long long x, char sep = '\n') {
    char tmp[24];
    int n = 0;
    unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
    do tmp[n++] = char('0' + u % 10);
    while (u /= 10);
    if (x < 0) out.push_back('-');
    while (n) out.push_back(tmp[--n]);
    out.push_back(sep);
  }
  ~Output() { fwrite(out.data(), 1, out.size(), stdout); }
};

// Relax every cell from its neighbours in row-major sweeps until nothing changes (Bellman-Ford
// on the grid). Each sweep moves information only one cell leftwards or upwards, so a winding
// path needs O(H*W) sweeps: O((H*W)^2).
int main() {
  Input in;
  int h = (int)in.num(), w = (int)in.num();
  std::vector<std::string> g(h);
  for (auto& row : g) row = in.word();
  const int inf = 1 << 30;
  std::vector<int> d(h * w, inf);
  int target = 0;
  for (int r = 0; r < h; r++)
    for (int c = 0; c < w; c++) {
      if (g[r][c] == 'S') d[r * w + c] = 0;
      if (g[r][c] == 'T') target = r * w + c;
    }
  for (bool changed = true; changed;) {
    changed = false;
    for (int r = 0; r < h; r++)
      for (int c = 0; c < w; c++) {
        if (g[r][c] == '#') continue;
        int best = d[r * w + c];
        if (r > 0 && d[(r - 1) * w + c] + 1 < best) best = d[(r - 1) * w + c] + 1;
        if (r + 1 < h && d[(r + 1) * w + c] + 1 < best) best = d[(r + 1) * w + c] + 1;
        if (c > 0 && d[r * w + c - 1] + 1 < best) best = d[r * w + c - 1] + 1;
        if (c + 1 < w && d[r * w + c + 1] + 1 < best) best = d[r * w + c + 1] + 1;
        if (best < d[r * w + c]) {
          d[r * w + c] = best;
          changed = true;
        }
      }
  }
  Output out;
  out.num(d[target] >= inf ? -1 : d[target]);
}
