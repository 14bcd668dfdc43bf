import sys

# Every pair. O(n^2).
data = sys.stdin.buffer.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
best = abs(a[0] - a[1])
for i in range(n):
    ai = a[i]
    for j in range(i + 1, n):
        d = abs(ai - a[j])
        if d < best:
            best = d
print(best)
