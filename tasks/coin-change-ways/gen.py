# gen.py SEED N: ten distinct small coins (always including 1 and 2), so the count is huge.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n = int(sys.argv[2])
coins = [1, 2] + rng.sample(range(3, 31), 8)
rng.shuffle(coins)
print(len(coins), n)
print(" ".join(map(str, coins)))
