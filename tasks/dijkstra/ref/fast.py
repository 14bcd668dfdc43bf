import heapq
import sys

# Dijkstra with a binary heap and lazy deletion. O(m log m).
data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
adj = [[] for _ in range(n + 1)]
for i in range(m):
    u, v, w = int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])
    adj[u].append((v, w))
    adj[v].append((u, w))
dist = [-1] * (n + 1)
dist[1] = 0
heap = [(0, 1)]
while heap:
    d, u = heapq.heappop(heap)
    if d != dist[u]:
        continue
    for v, w in adj[u]:
        nd = d + w
        if dist[v] < 0 or nd < dist[v]:
            dist[v] = nd
            heapq.heappush(heap, (nd, v))
print(' '.join(map(str, dist[1:])))
