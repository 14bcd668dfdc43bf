# O(Q sqrt X): for each query, test every d with d*d <= x; d and x/d are both divisors.
import sys


def main():
    data = sys.stdin.read().split()
    q = int(data[0])
    out = []
    for tok in data[1 : 1 + q]:
        x = int(tok)
        count = 0
        d = 1
        while d * d <= x:
            if x % d == 0:
                count += 1 if d * d == x else 2
            d += 1
        out.append(count)
    print("\n".join(map(str, out)))


main()
