# gen.py SEED N: prints [heights]: a noisy rising slope, so rectangles that span many bars
# compete with tall narrow ones.
import json
import random
import sys

rng = random.Random(int(sys.argv[1]) * 1000003 + int(sys.argv[2]))
n = int(sys.argv[2])
print(json.dumps([[i * 1000 + rng.randint(0, 400000) for i in range(n)]]))
