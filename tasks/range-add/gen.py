# gen.py SEED N Q: n values in [-10^9, 10^9] and q random updates with x in [-10^6, 10^6].
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, q = int(sys.argv[2]), int(sys.argv[3])
out = [f'{n} {q}', ' '.join(str(rng.randint(-10**9, 10**9)) for _ in range(n))]
for _ in range(q):
    l, r = sorted((rng.randint(1, n), rng.randint(1, n)))
    out.append(f'{l} {r} {rng.randint(-10**6, 10**6)}')
print('\n'.join(out))
