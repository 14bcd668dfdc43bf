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
#include <algorithm>

// After sorting, the closest pair is adjacent. O(n log n).
int main() {
  Input in;
  int n = (int)in.num();
  std::vector<long long> a(n);
  for (auto& x : a) x = in.num();
  std::sort(a.begin(), a.end());
  long long best = a[1] - a[0];
  for (int i = 2; i < n; i++) best = std::min(best, a[i] - a[i - 1]);
  Output out;
  out.num(best);
}
