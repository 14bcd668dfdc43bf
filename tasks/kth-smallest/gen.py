# gen.py SEED N V: n random integers in [-V, V], k in the middle third (so selection works hardest).
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, v = int(sys.argv[2]), int(sys.argv[3])
k = rng.randint(max(1, n // 3), max(1, 2 * n // 3))
print(n, k)
print(*(rng.randint(-v, v) for _ in range(n)))
