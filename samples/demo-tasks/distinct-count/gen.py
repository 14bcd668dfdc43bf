# gen.py SEED N V: n values in [-V, V] (V much larger than n gives mostly distinct values).
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, v = int(sys.argv[2]), int(sys.argv[3])
print(n)
print(*(rng.randint(-v, v) for _ in range(n)))
