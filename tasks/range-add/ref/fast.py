import sys
from itertools import accumulate

# Difference array: two writes per update, one prefix pass at the end. O(n + q).
data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
d = [0] * (n + 1)
p = 2 + n
for _ in range(q):
    l, r, x = int(data[p]), int(data[p + 1]), int(data[p + 2])
    p += 3
    d[l - 1] += x
    d[r] -= x
print(' '.join(str(v + s) for v, s in zip(a, accumulate(d))))
