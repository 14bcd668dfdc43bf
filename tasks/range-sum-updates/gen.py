# gen.py SEED N Q: random values; half the operations are updates, half are long range sums.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, q = int(sys.argv[2]), int(sys.argv[3])
V = 10**9
out = [f"{n} {q}", " ".join(str(rng.randint(-V, V)) for _ in range(n))]
for _ in range(q):
    if rng.randrange(2):
        out.append(f"1 {rng.randint(1, n)} {rng.randint(-V, V)}")
    else:
        lo = rng.randint(1, max(1, n // 4))
        hi = rng.randint(min(n, 3 * n // 4 + 1), n)
        out.append(f"2 {lo} {hi}")
print("\n".join(out))
