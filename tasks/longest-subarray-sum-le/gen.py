# gen.py SEED N V: n values in [0, V]; S between a quarter and a half of the total, so the
# answer is long and scanning from every start is expensive.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, v = int(sys.argv[2]), int(sys.argv[3])
a = [rng.randint(0, v) for _ in range(n)]
total = sum(a)
print(n, rng.randint(total // 4, total // 2))
print(*a)
