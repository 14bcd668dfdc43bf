# gen.py SEED N: three queries, each within 10% below N.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n = int(sys.argv[2])
print(3)
for _ in range(3):
    print(n - rng.randrange(n // 10 + 1))
