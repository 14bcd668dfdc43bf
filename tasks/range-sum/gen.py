# gen.py SEED N Q V: n values in [-V, V] and q random queries.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, q, v = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
out = [f'{n} {q}', ' '.join(str(rng.randint(-v, v)) for _ in range(n))]
for _ in range(q):
    l, r = sorted((rng.randint(1, n), rng.randint(1, n)))
    out.append(f'{l} {r}')
print('\n'.join(out))
