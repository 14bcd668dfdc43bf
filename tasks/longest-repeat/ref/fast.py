# O(n log n): binary search on the length L; a length is feasible when two windows of length L
# have the same polynomial hash modulo 2^61-1 and, checked directly, the same letters.
import sys

MOD = (1 << 61) - 1
BASE = 911382323


def main():
    s = sys.stdin.read().split()[0]
    n = len(s)
    pre = [0] * (n + 1)
    pw = [1] * (n + 1)
    for i, ch in enumerate(s):
        pre[i + 1] = (pre[i] * BASE + ord(ch)) % MOD
        pw[i + 1] = pw[i] * BASE % MOD

    def repeated(length):
        first = {}
        shift = pw[length]
        for i in range(n - length + 1):
            h = (pre[i + length] - pre[i] * shift) % MOD
            j = first.setdefault(h, i)
            if j != i and s[j : j + length] == s[i : i + length]:
                return True
        return False

    lo, hi = 0, n - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if repeated(mid):
            lo = mid
        else:
            hi = mid - 1
    print(lo)


main()
