# gen.py SEED N: prints [nums, target] with exactly one pair summing to target. Every value is
# even but one odd value a, and target = a + b (b even) is odd, so a pair summing to it holds a
# and T - a = b, which is unique because the values are distinct. Both sit in the last tenth of
# the list, so the quadratic reference scans nearly every pair before finding them.
import json
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed * 1000003 + n)
nums = [2 * v for v in rng.sample(range(-10**8, 10**8), n - 2)]
a = 2 * rng.randint(-10**8, 10**8) + 1
b = 2 * rng.randint(-10**8, 10**8)
while b in nums:
    b += 2
i, j = sorted(rng.sample(range(n - max(2, n // 10), n), 2))
first, second = (a, b) if rng.random() < 0.5 else (b, a)
nums.insert(i, first)
nums.insert(j, second)
print(json.dumps([nums, a + b]))
