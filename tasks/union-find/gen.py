# gen.py SEED N Q: half unions, half connectivity queries. Unions join vertices of a random
# eighth of the graph, dense enough to form a giant component there, so both answers occur.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, q = int(sys.argv[2]), int(sys.argv[3])
active = rng.sample(range(1, n + 1), max(2, n // 8))
out = [f"{n} {q}"]
for _ in range(q):
    if rng.randrange(2):
        out.append(f"1 {rng.choice(active)} {rng.choice(active)}")
    elif rng.randrange(2):
        out.append(f"2 {rng.choice(active)} {rng.choice(active)}")
    else:
        out.append(f"2 {rng.randint(1, n)} {rng.randint(1, n)}")
print("\n".join(out))
