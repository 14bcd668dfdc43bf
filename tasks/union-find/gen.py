# gen.py SEED N Q: half unions of random vertices, half connectivity queries; the number of
# unions is about Q/2, below N, so both answers occur.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, q = int(sys.argv[2]), int(sys.argv[3])
out = [f"{n} {q}"]
for _ in range(q):
    out.append(f"{rng.randint(1, 2)} {rng.randint(1, n)} {rng.randint(1, n)}")
print("\n".join(out))
