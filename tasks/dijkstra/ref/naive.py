import sys

# Dijkstra with a linear scan for the closest unfinished vertex. O(n^2 + m).
data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
adj = [[] for _ in range(n + 1)]
for i in range(m):
    u, v, w = int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])
    adj[u].append((v, w))
    adj[v].append((u, w))
dist = [-1] * (n + 1)
done = [False] * (n + 1)
dist[1] = 0
while True:
    u = 0
    for v in range(1, n + 1):
        if not done[v] and dist[v] >= 0 and (u == 0 or dist[v] < dist[u]):
            u = v
    if u == 0:
        break
    done[u] = True
    for v, w in adj[u]:
        if dist[v] < 0 or dist[u] + w < dist[v]:
            dist[v] = dist[u] + w
print(' '.join(map(str, dist[1:])))
