# gen.py SEED N V: n values in [-V, V] and K in [-V, V] (small V gives many matching subarrays).
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, v = int(sys.argv[2]), int(sys.argv[3])
print(n, rng.randint(-v, v))
print(*(rng.randint(-v, v) for _ in range(n)))
