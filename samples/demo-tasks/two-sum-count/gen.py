# gen.py SEED N V: n values in [-V, V]; T is the sum of two of them, so pairs exist.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, v = int(sys.argv[2]), int(sys.argv[3])
a = [rng.randint(-v, v) for _ in range(n)]
print(n, rng.choice(a) + rng.choice(a))
print(*a)
