// Monotone stack, O(n): positions still waiting for a greater element have non-increasing
// values; each new element answers every smaller one on top of the stack.
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
  const int n = (int)read_int();
  std::vector<long long> a(n);
  for (auto& x : a) x = read_int();
  std::vector<int> answer(n, 0), waiting;
  for (int j = 0; j < n; ++j) {
    while (!waiting.empty() && a[waiting.back()] < a[j]) {
      answer[waiting.back()] = j + 1;
      waiting.pop_back();
    }
    waiting.push_back(j);
  }
  for (int i = 0; i < n; ++i) write_int(answer[i], i == n - 1 ? '\n' : ' ');
  flush_out();
}
