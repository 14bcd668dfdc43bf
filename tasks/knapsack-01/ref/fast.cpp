// Meet in the middle, O(2^(n/2) * n): enumerate the subsets of each half, keep the second
// half's (weight, best value up to that weight) frontier, and binary-search it per subset of
// the first half.
#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

using Item = std::pair<long long, long long>;  // weight, value

static std::vector<Item> subsets(const std::vector<Item>& items) {
  std::vector<Item> out{{0, 0}};
  for (const Item& it : items) {
    const size_t k = out.size();
    for (size_t i = 0; i < k; ++i)
      out.push_back({out[i].first + it.first, out[i].second + it.second});
  }
  return out;
}

int main() {
  int n;
  long long cap;
  if (scanf("%d %lld", &n, &cap) != 2) return 1;
  std::vector<Item> items(n);
  for (auto& it : items) scanf("%lld %lld", &it.first, &it.second);
  std::vector<Item> left(items.begin(), items.begin() + n / 2);
  std::vector<Item> right(items.begin() + n / 2, items.end());
  std::vector<Item> a = subsets(left), b = subsets(right);
  std::sort(b.begin(), b.end());
  std::vector<long long> weights, prefix_best;
  for (const Item& it : b) {
    const long long best =
        prefix_best.empty() ? it.second : std::max(prefix_best.back(), it.second);
    weights.push_back(it.first);
    prefix_best.push_back(best);
  }
  long long ans = 0;
  for (const Item& it : a) {
    if (it.first > cap) continue;
    const size_t k =
        std::upper_bound(weights.begin(), weights.end(), cap - it.first) - weights.begin();
    if (k > 0) ans = std::max(ans, it.second + prefix_best[k - 1]);
  }
  printf("%lld\n", ans);
}
