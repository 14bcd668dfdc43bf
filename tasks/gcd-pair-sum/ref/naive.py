# O(T N^2 log N): add gcd(i, j) over every pair.
import sys
from math import gcd


def main():
    data = sys.stdin.read().split()
    t = int(data[0])
    out = []
    for q in data[1 : 1 + t]:
        n = int(q)
        total = 0
        for i in range(1, n + 1):
            for j in range(1, n + 1):
                total += gcd(i, j)
        out.append(total)
    print("\n".join(map(str, out)))


main()
