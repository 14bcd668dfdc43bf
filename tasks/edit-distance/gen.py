# gen.py SEED N: t is s after about N/5 random edits, over a 4-letter alphabet.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n = int(sys.argv[2])
alpha = "acgt"
s = [rng.choice(alpha) for _ in range(n)]
t = list(s)
for _ in range(n // 5):
    op = rng.randrange(3)
    i = rng.randrange(len(t))
    if op == 0:
        t[i] = rng.choice(alpha)
    elif op == 1 and len(t) > 1:
        del t[i]
    else:
        t.insert(i, rng.choice(alpha))
print("".join(s))
print("".join(t))
