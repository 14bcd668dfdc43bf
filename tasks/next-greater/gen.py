# gen.py SEED N: four descending runs, each above the previous one, with small noise, so that
# most next greater elements are far away (at the start of the next run) or absent.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n = int(sys.argv[2])
runs = 4
vals = []
for r in range(runs):
    length = n // runs + (1 if r < n % runs else 0)
    base = r * 20 * n
    vals += [base + 10 * (length - i) + rng.randint(0, 12) for i in range(length)]
print(n)
print(" ".join(map(str, vals)))
