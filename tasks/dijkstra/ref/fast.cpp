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
#include <functional>
#include <queue>
#include <utility>

// Dijkstra with a binary heap and lazy deletion over a compressed adjacency array. O(m log m).
int main() {
  Input in;
  int n = (int)in.num(), m = (int)in.num();
  std::vector<int> eu(m), ev(m), start(n + 2, 0);
  std::vector<long long> ew(m);
  for (int i = 0; i < m; i++) {
    eu[i] = (int)in.num();
    ev[i] = (int)in.num();
    ew[i] = in.num();
    start[eu[i] + 1]++;
    start[ev[i] + 1]++;
  }
  for (int v = 1; v <= n + 1; v++) start[v] += start[v - 1];
  std::vector<int> fill(start.begin(), start.end()), to(2 * m);
  std::vector<long long> wt(2 * m);
  for (int i = 0; i < m; i++) {
    to[fill[eu[i]]] = ev[i];
    wt[fill[eu[i]]++] = ew[i];
    to[fill[ev[i]]] = eu[i];
    wt[fill[ev[i]]++] = ew[i];
  }
  std::vector<long long> dist(n + 1, -1);
  using Item = std::pair<long long, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
  dist[1] = 0;
  heap.push({0, 1});
  while (!heap.empty()) {
    auto [d, u] = heap.top();
    heap.pop();
    if (d != dist[u]) continue;
    for (int k = start[u]; k < start[u + 1]; k++) {
      int v = to[k];
      if (dist[v] < 0 || d + wt[k] < dist[v]) {
        dist[v] = d + wt[k];
        heap.push({dist[v], v});
      }
    }
  }
  Output out;
  for (int v = 1; v <= n; v++) out.num(dist[v], v == n ? '\n' : ' ');
}
