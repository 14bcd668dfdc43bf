# gen.py SEED N: a random string over {a, b, c} with a planted copy of a long segment (a few
# letters of the copy changed), so the answer is much longer than for a random string.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n = int(sys.argv[2])
s = [rng.choice("abc") for _ in range(n)]
length = rng.randint(n // 20, n // 8 + 1)
src, dst = rng.randrange(n - length), rng.randrange(n - length)
s[dst : dst + length] = s[src : src + length]
for _ in range(3):
    s[rng.randrange(n)] = rng.choice("abc")
print("".join(s))
