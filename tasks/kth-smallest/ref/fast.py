import sys

# One O(n log n) sort in C beats any O(n*k) Python loop.
data = sys.stdin.buffer.read().split()
n, k = int(data[0]), int(data[1])
a = sorted(int(x) for x in data[2:2 + n])
print(a[k - 1])
