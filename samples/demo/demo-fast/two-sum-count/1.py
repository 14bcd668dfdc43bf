# Counts each value once (Counter, in C), then pairs the counts: faster than the hash reference.
import sys
from collections import Counter

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
c = Counter(map(int, data[2:2 + n]))
cnt = 0
for x, k in c.items():
    y = t - x
    if x < y:
        cnt += k * c.get(y, 0)
    elif x == y:
        cnt += k * (k - 1) // 2
print(cnt)
