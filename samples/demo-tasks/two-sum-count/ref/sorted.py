import sys

# Sort, then for each value count its partners by binary search. O(n log n).
from bisect import bisect_left, bisect_right
data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = sorted(int(x) for x in data[2:2 + n])
cnt = 0
for i in range(n):
    y = t - a[i]
    lo = bisect_left(a, y, i + 1)
    hi = bisect_right(a, y, lo)
    cnt += hi - lo
print(cnt)
