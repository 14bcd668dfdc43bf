# Manacher, O(n): radii of palindromes around every center of s with separators inserted,
# reusing the mirror radius inside the rightmost palindrome found so far.
import sys


def main():
    s = sys.stdin.read().split()[0]
    t = "#" + "#".join(s) + "#"
    m = len(t)
    rad = [0] * m
    lo, hi = 0, -1
    best_len, best_start = 0, 0
    for i in range(m):
        k = 0 if i > hi else min(rad[lo + hi - i], hi - i)
        while i - k - 1 >= 0 and i + k + 1 < m and t[i - k - 1] == t[i + k + 1]:
            k += 1
        rad[i] = k
        if i + k > hi:
            lo, hi = i - k, i + k
        start = (i - k) // 2
        if k > best_len or (k == best_len and start < best_start):
            best_len, best_start = k, start
    print(best_len, best_start + 1)


main()
