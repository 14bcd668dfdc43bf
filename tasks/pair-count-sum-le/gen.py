# gen.py SEED N V: n values in [-V, V] and S in [-V, V].
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, v = int(sys.argv[2]), int(sys.argv[3])
print(n, rng.randint(-v, v))
print(*(rng.randint(-v, v) for _ in range(n)))
