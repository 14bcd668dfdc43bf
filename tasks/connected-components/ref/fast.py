import sys

# Depth-first search from every unvisited vertex. O(n + m).
data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
adj = [[] for _ in range(n + 1)]
for i in range(m):
    u, v = int(data[2 + 2 * i]), int(data[3 + 2 * i])
    adj[u].append(v)
    adj[v].append(u)
seen = [False] * (n + 1)
cnt = 0
for s in range(1, n + 1):
    if seen[s]:
        continue
    cnt += 1
    seen[s] = True
    stack = [s]
    while stack:
        for w in adj[stack.pop()]:
            if not seen[w]:
                seen[w] = True
                stack.append(w)
print(cnt)
