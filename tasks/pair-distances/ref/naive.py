import sys

# Floyd-Warshall over all pairs, then look the queries up. O(n^3).
data = sys.stdin.buffer.read().split()
n, m, q = int(data[0]), int(data[1]), int(data[2])
INF = float('inf')
d = [[INF] * (n + 1) for _ in range(n + 1)]
for v in range(1, n + 1):
    d[v][v] = 0
p = 3
for _ in range(m):
    u, v, w = int(data[p]), int(data[p + 1]), int(data[p + 2])
    p += 3
    if w < d[u][v]:
        d[u][v] = d[v][u] = w
for k in range(1, n + 1):
    dk = d[k]
    for i in range(1, n + 1):
        di = d[i]
        dik = di[k]
        if dik == INF:
            continue
        for j in range(1, n + 1):
            if dik + dk[j] < di[j]:
                di[j] = dik + dk[j]
out = []
for _ in range(q):
    s, t = int(data[p]), int(data[p + 1])
    p += 2
    out.append(-1 if d[s][t] == INF else d[s][t])
print('\n'.join(map(str, out)))
