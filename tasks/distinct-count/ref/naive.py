import sys

# Keep a list of the values seen so far and search it linearly. O(n*d).
data = sys.stdin.buffer.read().split()
n = int(data[0])
seen = []
for tok in data[1:1 + n]:
    x = int(tok)
    if x not in seen:
        seen.append(x)
print(len(seen))
