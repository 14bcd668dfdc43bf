# A heap gives the values in order, so each new value is distinct: O(n log n).
import heapq
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
heap = list(map(int, data[1:1 + n]))
heapq.heapify(heap)
distinct = 0
previous = None
while heap:
    v = heapq.heappop(heap)
    if v != previous:
        distinct += 1
        previous = v
print(distinct)
