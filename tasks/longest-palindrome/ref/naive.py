# O(n^2): expand around each of the 2n-1 centers.
import sys


def main():
    s = sys.stdin.read().split()[0]
    n = len(s)
    best_len, best_start = 0, 0
    for c in range(2 * n - 1):
        lo = c // 2
        hi = lo + c % 2
        while lo >= 0 and hi < n and s[lo] == s[hi]:
            lo -= 1
            hi += 1
        length = hi - lo - 1
        if length > best_len or (length == best_len and lo + 1 < best_start):
            best_len, best_start = length, lo + 1
    print(best_len, best_start + 1)


main()
