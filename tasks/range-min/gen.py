# gen.py SEED N Q: random values and long random ranges (at least a quarter of the array).
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, q = int(sys.argv[2]), int(sys.argv[3])
V = 10**9
out = [f"{n} {q}", " ".join(str(rng.randint(-V, V)) for _ in range(n))]
for _ in range(q):
    length = rng.randint(max(1, n // 4), n)
    lo = rng.randint(1, n - length + 1)
    out.append(f"{lo} {lo + length - 1}")
print("\n".join(out))
