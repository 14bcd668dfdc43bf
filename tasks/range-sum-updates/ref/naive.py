# O(1) per update, O(r - l + 1) per sum: add the range up every time.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    a = list(map(int, data[2 : 2 + n]))
    pos = 2 + n
    out = []
    for _ in range(q):
        t, x, y = int(data[pos]), int(data[pos + 1]), int(data[pos + 2])
        pos += 3
        if t == 1:
            a[x - 1] = y
        else:
            out.append(sum(a[x - 1 : y]))
    print("\n".join(map(str, out)))


main()
