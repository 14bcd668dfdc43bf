# gen.py SEED N M CYCLE: m edges that follow a hidden random order of the vertices (mostly
# between nearby positions, so the order is tightly constrained); CYCLE=1 adds one back edge
# along a path of the DAG, which makes the answer -1.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, m, cyc = (int(x) for x in sys.argv[2:5])
perm = list(range(1, n + 1))
rng.shuffle(perm)
edges = []
for _ in range(m):
    i = rng.randrange(n - 1)
    j = min(n - 1, i + 1 + int(rng.expovariate(0.1)))
    edges.append((perm[i], perm[j]))
if cyc and n > 1:
    i = rng.randrange(n - 1)
    edges.append((perm[i], perm[i + 1]))
    edges.append((perm[i + 1], perm[i]))
rng.shuffle(edges)
print(n, len(edges))
print('\n'.join(f'{u} {v}' for u, v in edges))
