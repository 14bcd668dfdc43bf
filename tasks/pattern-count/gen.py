# gen.py SEED N M: runs of 'a' (about M to 2M long) separated by 'b', and the pattern
# a^(M-1) b, so that a character-by-character comparison scans far before each mismatch.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, m = int(sys.argv[2]), int(sys.argv[3])
parts = []
size = 0
while size < n:
    run = rng.randint(m // 2, 2 * m)
    parts.append("a" * run + rng.choice("bbbc"))
    size += run + 1
print("".join(parts)[:n])
print("a" * (m - 1) + "b")
