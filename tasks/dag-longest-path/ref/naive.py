import sys

# Bellman-Ford style: relax every edge until no path weight grows. O(n * m).
data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
edges = [(int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])) for i in range(m)]
best = [0] * (n + 1)
changed = True
while changed:
    changed = False
    for u, v, w in edges:
        if best[u] + w > best[v]:
            best[v] = best[u] + w
            changed = True
print(max(best))
