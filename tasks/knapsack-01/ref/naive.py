# O(2^n * n): try every subset.
import sys


def main():
    data = list(map(int, sys.stdin.buffer.read().split()))
    n, cap = data[0], data[1]
    w = data[2 : 2 + 2 * n : 2]
    v = data[3 : 3 + 2 * n : 2]
    best = 0
    for mask in range(1 << n):
        tw = tv = 0
        for i in range(n):
            if mask >> i & 1:
                tw += w[i]
                tv += v[i]
        if tw <= cap and tv > best:
            best = tv
    print(best)


main()
