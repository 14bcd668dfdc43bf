# gen.py SEED N R: n distinct values, then R positions overwritten with copies of other
# positions' values; runs of distinct values are then about n/R long.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, r = int(sys.argv[2]), int(sys.argv[3])
a = rng.sample(range(10**9 + 1), n)
for _ in range(r):
    a[rng.randrange(n)] = a[rng.randrange(n)]
print(n)
print(*a)
