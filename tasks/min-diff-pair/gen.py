# gen.py SEED N V: n distinct random integers in [-V, V] (distinct so no early zero answer).
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, v = int(sys.argv[2]), int(sys.argv[3])
print(n)
print(*rng.sample(range(-v, v + 1), n))
