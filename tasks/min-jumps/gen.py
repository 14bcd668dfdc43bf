# gen.py SEED N: prints [nums]: long jumps (up to N/4) with some zeros (never at index 0), so
# the answer is a handful of jumps while every index can reach far.
import json
import random
import sys

rng = random.Random(int(sys.argv[1]) * 1000003 + int(sys.argv[2]))
n = int(sys.argv[2])
top = max(1, n // 4)
nums = [0 if rng.randrange(10) == 0 else rng.randint(1, top) for _ in range(n)]
nums[0] = max(nums[0], 1)
print(json.dumps([nums]))
