import sys

# Extend from every start until the sum exceeds S. O(n * answer).
data = sys.stdin.buffer.read().split()
n, s = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
best = 0
for i in range(n):
    total = 0
    for j in range(i, n):
        total += a[j]
        if total > s:
            break
        if j - i + 1 > best:
            best = j - i + 1
print(best)
