# gen.py SEED N: prints [nums], random values with a slightly negative mean, so the best
# subarray is a proper part of the list.
import json
import random
import sys

rng = random.Random(int(sys.argv[1]) * 1000003 + int(sys.argv[2]))
n = int(sys.argv[2])
print(json.dumps([[rng.randint(-10**6 - 50000, 10**6) for _ in range(n)]]))
