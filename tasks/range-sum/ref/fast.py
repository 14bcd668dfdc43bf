import sys
from itertools import accumulate

# Prefix sums: each query is one subtraction. O(n + q).
data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
pre = [0] + list(accumulate(int(x) for x in data[2:2 + n]))
qs = data[2 + n:2 + n + 2 * q]
print('\n'.join(str(pre[int(qs[i + 1])] - pre[int(qs[i]) - 1]) for i in range(0, 2 * q, 2)))
