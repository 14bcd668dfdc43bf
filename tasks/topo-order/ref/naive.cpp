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

// n rounds, each scanning all vertices for the smallest unplaced one without pending
// predecessors. O(n^2 + m).
int main() {
  Input in;
  int n = (int)in.num(), m = (int)in.num();
  std::vector<std::vector<int>> succ(n + 1);
  std::vector<int> indeg(n + 1, 0), placed(n + 1, 0), order;
  for (int i = 0; i < m; i++) {
    int u = (int)in.num(), v = (int)in.num();
    succ[u].push_back(v);
    indeg[v]++;
  }
  for (int step = 0; step < n; step++) {
    int pick = 0;
    for (int v = 1; v <= n && !pick; v++)
      if (!placed[v] && indeg[v] == 0) pick = v;
    if (!pick) break;
    placed[pick] = 1;
    order.push_back(pick);
    for (int w : succ[pick]) indeg[w]--;
  }
  Output out;
  if ((int)order.size() < n) {
    out.num(-1);
    return 0;
  }
  for (int i = 0; i < n; i++) out.num(order[i], i + 1 == n ? '\n' : ' ');
}
