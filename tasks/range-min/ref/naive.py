# O(r - l + 1) per query: scan the range.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    a = list(map(int, data[2 : 2 + n]))
    out = []
    pos = 2 + n
    for _ in range(q):
        lo, hi = int(data[pos]), int(data[pos + 1])
        pos += 2
        out.append(min(a[lo - 1 : hi]))
    print("\n".join(map(str, out)))


main()
