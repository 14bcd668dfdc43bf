# gen.py SEED N: values correlated with weights (the hard case for greedy), W about half the total.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n = int(sys.argv[2])
items = []
for _ in range(n):
    w = rng.randint(10**11, 10**12)
    v = max(1, w + rng.randint(-(10**11), 10**11))
    items.append((w, v))
cap = sum(w for w, _ in items) * rng.randint(35, 65) // 100
print(n, cap)
for w, v in items:
    print(w, v)
