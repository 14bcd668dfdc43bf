# gen.py SEED N K: a random walk, so the window maximum changes position often.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, k = int(sys.argv[2]), int(sys.argv[3])
x = 0
vals = []
for _ in range(n):
    x = max(-(10**9), min(10**9, x + rng.randint(-1000, 1000)))
    vals.append(x)
print(n, k)
print(" ".join(map(str, vals)))
