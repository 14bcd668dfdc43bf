import heapq
import sys

# Kahn's algorithm with a min-heap of the available vertices. O((n + m) log n).
data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
succ = [[] for _ in range(n + 1)]
indeg = [0] * (n + 1)
for i in range(m):
    u, v = int(data[2 + 2 * i]), int(data[3 + 2 * i])
    succ[u].append(v)
    indeg[v] += 1
ready = [v for v in range(1, n + 1) if indeg[v] == 0]
heapq.heapify(ready)
order = []
while ready:
    u = heapq.heappop(ready)
    order.append(u)
    for w in succ[u]:
        indeg[w] -= 1
        if indeg[w] == 0:
            heapq.heappush(ready, w)
print(' '.join(map(str, order)) if len(order) == n else -1)
