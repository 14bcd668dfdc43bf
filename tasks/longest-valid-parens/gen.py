# gen.py SEED N: prints [s]: a few long balanced "mountains" (mostly opening in the first half,
# mostly closing in the second, so scans from inside them run far) glued with stray '(' and
# rare stray ')'.
import json
import random
import sys

rng = random.Random(int(sys.argv[1]) * 1000003 + int(sys.argv[2]))
n = int(sys.argv[2])


def mountain(length):
    out, depth = [], 0
    for i in range(length):
        left = length - i
        p_open = 0.75 if 2 * i < length else 0.25
        if depth == 0 or (depth < left and rng.random() < p_open):
            out.append("(")
            depth += 1
        else:
            out.append(")")
            depth -= 1
    return out


parts = []
while len(parts) < n:
    parts += mountain(2 * rng.randint(max(1, n // 12), max(1, n // 5)))
    parts += rng.choice(("(", "((", ")", "()("))
print(json.dumps(["".join(parts[:n])]))
