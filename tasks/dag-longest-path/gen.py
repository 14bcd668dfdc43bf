# gen.py SEED N M K: a chain through a hidden random order of the vertices plus m-(n-1) edges
# between positions at most K apart, weights in [1, 10^6]. Edges are listed from the end of the
# hidden order backwards, the worst case for relaxing edges in input order.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, m, k = (int(x) for x in sys.argv[2:5])
perm = list(range(1, n + 1))
rng.shuffle(perm)
edges = [(i, i + 1, rng.randint(1, 10**6)) for i in range(min(n - 1, m))]
while len(edges) < m:
    i = rng.randrange(n - 1)
    edges.append((i, min(n - 1, i + rng.randint(1, k)), rng.randint(1, 10**6)))
edges.sort(key=lambda e: -e[0])
out = [f'{n} {m}']
out += [f'{perm[i]} {perm[j]} {w}' for i, j, w in edges]
print('\n'.join(out))
