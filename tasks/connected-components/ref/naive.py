import sys

# Label propagation: every vertex takes the smallest label among its neighbours, repeated until
# nothing changes. O(diameter * m).
data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
edges = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(m)]
label = list(range(n + 1))
changed = True
while changed:
    changed = False
    for u, v in edges:
        a, b = label[u], label[v]
        if a != b:
            low = a if a < b else b
            label[u] = label[v] = low
            changed = True
print(sum(1 for v in range(1, n + 1) if label[v] == v))
