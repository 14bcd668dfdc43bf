# gen.py SEED N M Q V: an n x m grid of values in [-V, V] and q random rectangles.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, m, q, v = (int(x) for x in sys.argv[2:6])
out = [f'{n} {m} {q}']
for _ in range(n):
    out.append(' '.join(str(rng.randint(-v, v)) for _ in range(m)))
for _ in range(q):
    r1, r2 = sorted((rng.randint(1, n), rng.randint(1, n)))
    c1, c2 = sorted((rng.randint(1, m), rng.randint(1, m)))
    out.append(f'{r1} {c1} {r2} {c2}')
print('\n'.join(out))
