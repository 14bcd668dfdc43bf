import sys

# Relax every cell from its neighbours in row-major sweeps until nothing changes (Bellman-Ford
# on the grid). A winding path needs O(H*W) sweeps: O((H*W)^2).
data = sys.stdin.buffer.read().split()
h, w = int(data[0]), int(data[1])
g = [row.decode() for row in data[2:2 + h]]
INF = 1 << 30
d = [[INF] * w for _ in range(h)]
tr = tc = 0
for r in range(h):
    for c in range(w):
        if g[r][c] == 'S':
            d[r][c] = 0
        elif g[r][c] == 'T':
            tr, tc = r, c
changed = True
while changed:
    changed = False
    for r in range(h):
        row, grow = d[r], g[r]
        up = d[r - 1] if r > 0 else None
        down = d[r + 1] if r + 1 < h else None
        for c in range(w):
            if grow[c] == '#':
                continue
            best = row[c]
            if up is not None and up[c] + 1 < best:
                best = up[c] + 1
            if down is not None and down[c] + 1 < best:
                best = down[c] + 1
            if c > 0 and row[c - 1] + 1 < best:
                best = row[c - 1] + 1
            if c + 1 < w and row[c + 1] + 1 < best:
                best = row[c + 1] + 1
            if best < row[c]:
                row[c] = best
                changed = True
print(-1 if d[tr][tc] >= INF else d[tr][tc])
