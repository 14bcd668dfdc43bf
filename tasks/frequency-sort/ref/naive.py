import sys

# Linear search of each value among the distinct values seen so far. O(n*d).
data = sys.stdin.buffer.read().split()
n = int(data[0])
vals, cnts = [], []
for tok in data[1:1 + n]:
    x = int(tok)
    j = 0
    while j < len(vals) and vals[j] != x:
        j += 1
    if j == len(vals):
        vals.append(x)
        cnts.append(0)
    cnts[j] += 1
order = sorted(range(len(vals)), key=lambda i: (-cnts[i], vals[i]))
print('\n'.join(f'{vals[i]} {cnts[i]}' for i in order))
