# Disjoint-set union with union by size and path halving: near-constant amortised time per
# operation.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    parent = list(range(n + 1))
    size = [1] * (n + 1)

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    out = []
    pos = 2
    for _ in range(q):
        t, a, b = data[pos], find(int(data[pos + 1])), find(int(data[pos + 2]))
        pos += 3
        if t == b"2":
            out.append("1" if a == b else "0")
        elif a != b:
            if size[a] < size[b]:
                a, b = b, a
            parent[b] = a
            size[a] += size[b]
    print("\n".join(out))


main()
