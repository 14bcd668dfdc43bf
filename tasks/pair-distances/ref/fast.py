import heapq
import sys

# One heap Dijkstra per query, stopping when the target is settled. O(q * m log m).
data = sys.stdin.buffer.read().split()
n, m, q = int(data[0]), int(data[1]), int(data[2])
adj = [[] for _ in range(n + 1)]
p = 3
for _ in range(m):
    u, v, w = int(data[p]), int(data[p + 1]), int(data[p + 2])
    p += 3
    adj[u].append((v, w))
    adj[v].append((u, w))
out = []
for _ in range(q):
    s, t = int(data[p]), int(data[p + 1])
    p += 2
    dist = {s: 0}
    heap = [(0, s)]
    ans = -1
    while heap:
        d, u = heapq.heappop(heap)
        if d != dist[u]:
            continue
        if u == t:
            ans = d
            break
        for v, w in adj[u]:
            nd = d + w
            if nd < dist.get(v, nd + 1):
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    out.append(ans)
print('\n'.join(map(str, out)))
