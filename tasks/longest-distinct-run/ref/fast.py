import sys

# Sliding window: the left end jumps past the previous occurrence of the new value. O(n).
data = sys.stdin.buffer.read().split()
n = int(data[0])
last = {}
best = lo = 0
for i, tok in enumerate(data[1:1 + n]):
    x = int(tok)
    p = last.get(x, -1)
    if p >= lo:
        lo = p + 1
    last[x] = i
    if i - lo + 1 > best:
        best = i - lo + 1
print(best)
