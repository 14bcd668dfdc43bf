import sys

# n rounds, each scanning all vertices for the smallest unplaced one without pending
# predecessors. O(n^2 + m).
data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
succ = [[] for _ in range(n + 1)]
indeg = [0] * (n + 1)
for i in range(m):
    u, v = int(data[2 + 2 * i]), int(data[3 + 2 * i])
    succ[u].append(v)
    indeg[v] += 1
placed = [False] * (n + 1)
order = []
for _ in range(n):
    pick = 0
    for v in range(1, n + 1):
        if not placed[v] and indeg[v] == 0:
            pick = v
            break
    if not pick:
        break
    placed[pick] = True
    order.append(pick)
    for w in succ[pick]:
        indeg[w] -= 1
print(' '.join(map(str, order)) if len(order) == n else -1)
