# Meet in the middle, O(2^(n/2) * n): enumerate the subsets of each half, keep the second
# half's (weight, best value up to that weight) frontier, and binary-search it per subset of
# the first half.
import sys
from bisect import bisect_right


def subsets(items):
    out = [(0, 0)]
    for w, v in items:
        out += [(a + w, b + v) for a, b in out]
    return out


def main():
    data = list(map(int, sys.stdin.buffer.read().split()))
    n, cap = data[0], data[1]
    items = list(zip(data[2 : 2 + 2 * n : 2], data[3 : 3 + 2 * n : 2]))
    a = subsets(items[: n // 2])
    b = sorted(subsets(items[n // 2 :]))
    weights, prefix_best = [], []
    best = 0
    for w, v in b:
        best = max(best, v)
        weights.append(w)
        prefix_best.append(best)
    ans = 0
    for w, v in a:
        if w <= cap:
            k = bisect_right(weights, cap - w)
            if k and v + prefix_best[k - 1] > ans:
                ans = v + prefix_best[k - 1]
    print(ans)


main()
