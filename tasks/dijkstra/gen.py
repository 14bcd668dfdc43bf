# gen.py SEED N M W: m random edges with weights in [1, W] (sparse: some vertices may stay
# unreachable).
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, m, w = (int(x) for x in sys.argv[2:5])
out = [f'{n} {m}']
for _ in range(m):
    out.append(f'{rng.randint(1, n)} {rng.randint(1, n)} {rng.randint(1, w)}')
print('\n'.join(out))
