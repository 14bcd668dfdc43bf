# Pop the values in order from a heap into a sorted list, then binary-search each element's
# partners: O(n log n).
import heapq
import sys
from bisect import bisect_left, bisect_right

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
heap = list(map(int, data[2:2 + n]))
heapq.heapify(heap)
a = [heapq.heappop(heap) for _ in range(n)]
pairs = 0
for i in range(n):
    y = t - a[i]
    lo = bisect_left(a, y, i + 1)
    pairs += bisect_right(a, y, lo) - lo
print(pairs)
