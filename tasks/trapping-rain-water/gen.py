# gen.py SEED N: prints [heights]: random bars under a tent-shaped envelope, so water pools
# between many peaks.
import json
import random
import sys

rng = random.Random(int(sys.argv[1]) * 1000003 + int(sys.argv[2]))
n = int(sys.argv[2])
print(json.dumps([[rng.randint(0, 1000 * min(i, n - i) + 1000) for i in range(n)]]))
