# gen.py SEED N: a value of N within 1% below the given size.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n = int(sys.argv[2])
print(n - rng.randrange(n // 100 + 1))
