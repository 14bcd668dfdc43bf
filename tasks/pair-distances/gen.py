# gen.py SEED N M Q: m random edges with weights in [1, 10^6] and q random queries.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, m, q = (int(x) for x in sys.argv[2:5])
out = [f'{n} {m} {q}']
for _ in range(m):
    out.append(f'{rng.randint(1, n)} {rng.randint(1, n)} {rng.randint(1, 10**6)}')
for _ in range(q):
    out.append(f'{rng.randint(1, n)} {rng.randint(1, n)}')
print('\n'.join(out))
