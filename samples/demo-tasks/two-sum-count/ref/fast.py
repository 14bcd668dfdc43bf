import sys

# For each element, the number of earlier partners is a hash lookup. O(n) expected.
data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
before = {}
cnt = 0
for tok in data[2:2 + n]:
    x = int(tok)
    cnt += before.get(t - x, 0)
    before[x] = before.get(x, 0) + 1
print(cnt)
