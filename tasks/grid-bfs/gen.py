# gen.py SEED H W P Q: a serpentine maze (every other row a wall with one gap at alternating
# ends, so the path winds through the whole grid), extra wall gaps with probability P/1000 and
# random blocks in the corridors with probability Q/1000 (which may cut the path: answer -1).
import random
import sys

rng = random.Random(int(sys.argv[1]))
h, w, p, q = (int(x) for x in sys.argv[2:6])
g = [['.'] * w for _ in range(h)]
for r in range(1, h, 2):
    for c in range(w):
        g[r][c] = '.' if rng.random() < p / 1000 else '#'
    g[r][w - 1 if r % 4 == 1 else 0] = '.'
for r in range(0, h, 2):
    for c in range(w):
        if rng.random() < q / 1000:
            g[r][c] = '#'
last = h - 1 if (h - 1) % 2 == 0 else h - 2
g[0][0] = 'S'
tc = rng.randrange(w)
if last == 0 and tc == 0:
    tc = w - 1
g[last][tc] = 'T'
print(h, w)
print('\n'.join(''.join(row) for row in g))
