# gen.py SEED N V LEN: n intervals with left ends in [0, V] and lengths in [0, LEN].
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, v, ln = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
out = [str(n)]
for _ in range(n):
    left = rng.randint(0, v)
    out.append(f'{left} {min(10**9, left + rng.randint(0, ln))}')
print('\n'.join(out))
