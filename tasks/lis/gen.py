# gen.py SEED N: a noisy increasing trend, so the answer is large and ties (equal values) occur.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n = int(sys.argv[2])
vals = [i * 3 + rng.randint(-2 * n, 2 * n) for i in range(n)]
for _ in range(n // 10):
    i = rng.randrange(n)
    vals[i] = vals[rng.randrange(n)]
print(n)
print(" ".join(map(str, vals)))
