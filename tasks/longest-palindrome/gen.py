# gen.py SEED N K: the periodic string (a^p b)^*, which is a palindrome around every center,
# with K random letters changed, so that palindromes are long but end at the changes.
import random
import sys

rng = random.Random(int(sys.argv[1]))
n, k = int(sys.argv[2]), int(sys.argv[3])
p = rng.randint(2, 6)
s = list((("a" * p + "b") * (n // (p + 1) + 1))[:n])
for _ in range(k):
    s[rng.randrange(n)] = rng.choice("abc")
print("".join(s))
