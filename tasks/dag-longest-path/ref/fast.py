import sys

# Topological order (Kahn), then one pass of dynamic programming. O(n + m).
data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
out_edges = [[] for _ in range(n + 1)]
indeg = [0] * (n + 1)
for i in range(m):
    u, v, w = int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])
    out_edges[u].append((v, w))
    indeg[v] += 1
best = [0] * (n + 1)
queue = [v for v in range(1, n + 1) if indeg[v] == 0]
for u in queue:
    bu = best[u]
    for v, w in out_edges[u]:
        if bu + w > best[v]:
            best[v] = bu + w
        indeg[v] -= 1
        if indeg[v] == 0:
            queue.append(v)
print(max(best))
