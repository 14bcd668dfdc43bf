import sys
from collections import deque

# Breadth-first search from S. O(H*W).
data = sys.stdin.buffer.read().split()
h, w = int(data[0]), int(data[1])
grid = b''.join(data[2:2 + h])
free = [ch != ord('#') for ch in grid]
s, t = grid.index(b'S'), grid.index(b'T')
d = [-1] * (h * w)
d[s] = 0
q = deque([s])
while q:
    cell = q.popleft()
    r, c = divmod(cell, w)
    nd = d[cell] + 1
    for nb, ok in ((cell - w, r > 0), (cell + w, r + 1 < h), (cell - 1, c > 0), (cell + 1, c + 1 < w)):
        if ok and free[nb] and d[nb] < 0:
            d[nb] = nd
            q.append(nb)
print(d[t])
