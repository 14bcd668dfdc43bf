# Quick-find: every vertex stores its component label; a union relabels a whole component by
# rebuilding the label list (O(n) per union, O(1) per query).
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    comp = list(range(n + 1))
    out = []
    pos = 2
    for _ in range(q):
        t, a, b = data[pos], int(data[pos + 1]), int(data[pos + 2])
        pos += 3
        ca, cb = comp[a], comp[b]
        if t == b"2":
            out.append("1" if ca == cb else "0")
        elif ca != cb:
            comp = [ca if c == cb else c for c in comp]
    print("\n".join(out))


main()
