# Fenwick (binary indexed) tree: O(log n) per update and per prefix sum.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    a = [0] + list(map(int, data[2 : 2 + n]))
    tree = a[:]  # O(n) build: push each node into its parent
    for i in range(1, n + 1):
        j = i + (i & -i)
        if j <= n:
            tree[j] += tree[i]

    def prefix(i):
        s = 0
        while i > 0:
            s += tree[i]
            i -= i & -i
        return s

    pos = 2 + n
    out = []
    for _ in range(q):
        t, x, y = int(data[pos]), int(data[pos + 1]), int(data[pos + 2])
        pos += 3
        if t == 1:
            d = y - a[x]
            a[x] = y
            while x <= n:
                tree[x] += d
                x += x & -x
        else:
            out.append(prefix(y) - prefix(x - 1))
    print("\n".join(map(str, out)))


main()
