import sys

# Sweep over sorted events; at equal coordinates openings (0) come before closings (1). O(n log n).
data = sys.stdin.buffer.read().split()
n = int(data[0])
ev = []
for i in range(n):
    ev.append((int(data[1 + 2 * i]), 0))
    ev.append((int(data[2 + 2 * i]), 1))
ev.sort()
cur = best = 0
for _, kind in ev:
    if kind == 0:
        cur += 1
        if cur > best:
            best = cur
    else:
        cur -= 1
print(best)
