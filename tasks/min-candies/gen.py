# gen.py SEED N: prints [ratings]: long strictly monotone runs (the slow case for repeated
# relaxation, the first one descending) alternating in direction, with a few equal neighbours.
import json
import random
import sys

rng = random.Random(int(sys.argv[1]) * 1000003 + int(sys.argv[2]))
n = int(sys.argv[2])
ratings = []
down = True
while len(ratings) < n:
    run = rng.randint(max(1, n // 4), max(1, n // 2))
    start = rng.randint(0, 10**6)
    step = (-1 if down else 1) * rng.randint(1, 3)
    down = not down
    ratings += [max(0, start + step * i) for i in range(run)]
    if rng.randrange(3) == 0:
        ratings.append(ratings[-1])
print(json.dumps([ratings[:n]]))
