import sys

# Two pointers: with non-negative values the window's left end only moves right. O(n).
data = sys.stdin.buffer.read().split()
n, s = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
best = lo = total = 0
for hi in range(n):
    total += a[hi]
    while total > s:
        total -= a[lo]
        lo += 1
    if hi - lo + 1 > best:
        best = hi - lo + 1
print(best)
