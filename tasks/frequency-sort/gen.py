# gen.py SEED N D: n values drawn with skewed frequencies from a pool of D random distinct values.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, d = int(sys.argv[2]), int(sys.argv[3])
pool = rng.sample(range(-10**9, 10**9 + 1), d)
print(n)
print(*(pool[min(rng.randrange(d), rng.randrange(d))] for _ in range(n)))
