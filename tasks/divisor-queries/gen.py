# gen.py SEED Q XMAX: Q values up to XMAX; a quarter are products of small primes (many
# divisors), the rest uniform in [XMAX/10, XMAX].
import random
import sys

rng = random.Random(int(sys.argv[1]))
q, xmax = int(sys.argv[2]), int(sys.argv[3])
print(q)
for _ in range(q):
    if rng.randrange(4) == 0:
        x = 1
        while True:
            p = rng.choice((2, 3, 5, 7, 11, 13))
            if x * p > xmax:
                break
            x *= p
    else:
        x = rng.randint(max(1, xmax // 10), xmax)
    print(x)
