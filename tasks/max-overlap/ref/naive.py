import sys

# The best point is some left end: count the intervals covering each left end. O(n^2).
data = sys.stdin.buffer.read().split()
n = int(data[0])
iv = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
best = 0
for x, _ in iv:
    c = 0
    for lo, hi in iv:
        if lo <= x <= hi:
            c += 1
    if c > best:
        best = c
print(best)
