# gen.py SEED N: n, then n integers in [-1000, 1000].
import random
import sys

rng = random.Random(int(sys.argv[1]))
n = int(sys.argv[2])
print(n)
print(' '.join(str(rng.randint(-1000, 1000)) for _ in range(n)))
