# Wrong answer: counts ordered pairs (i, j) with i != j, so every pair twice.
import sys
from collections import Counter
data = sys.stdin.read().split()
n, t = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
c = Counter(a)
print(sum(c[t - x] - (1 if 2 * x == t else 0) for x in a))
