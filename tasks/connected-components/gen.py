# gen.py SEED N M C: C long random paths covering all n vertices (so the graph has a large
# diameter), plus short chords inside each path, up to m edges in random order.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, m, c = (int(x) for x in sys.argv[2:5])
perm = list(range(1, n + 1))
rng.shuffle(perm)
cuts = sorted(rng.sample(range(1, n), c - 1)) if c > 1 else []
groups = [perm[a:b] for a, b in zip([0] + cuts, cuts + [n])]
edges = []
for g in groups:
    edges += [(g[i], g[i + 1]) for i in range(len(g) - 1)]
edges = edges[:m]
while len(edges) < m:
    g = rng.choice(groups)
    i = rng.randrange(len(g))
    edges.append((g[i], g[min(len(g) - 1, i + rng.randint(0, 3))]))
rng.shuffle(edges)
out = [f'{n} {m}']
for u, v in edges:
    out.append(f'{u} {v}' if rng.random() < 0.5 else f'{v} {u}')
print('\n'.join(out))
