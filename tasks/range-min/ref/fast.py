# Sparse table, O(n log n) to build and O(1) per query: the minimum of two overlapping
# power-of-two windows that cover the range.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    table = [list(map(int, data[2 : 2 + n]))]
    k = 1
    while (1 << k) <= n:
        prev = table[-1]
        half = 1 << (k - 1)
        table.append(list(map(min, prev[: len(prev) - half], prev[half:])))
        k += 1
    out = []
    pos = 2 + n
    for _ in range(q):
        lo, hi = int(data[pos]) - 1, int(data[pos + 1])
        pos += 2
        k = (hi - lo).bit_length() - 1
        row = table[k]
        x, y = row[lo], row[hi - (1 << k)]
        out.append(x if x < y else y)
    print("\n".join(map(str, out)))


main()
