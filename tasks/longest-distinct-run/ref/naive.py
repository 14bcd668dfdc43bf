import sys

# From every start, extend with a set until a value repeats. O(n * answer).
data = sys.stdin.buffer.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
best = 0
for i in range(n):
    seen = set()
    j = i
    while j < n and a[j] not in seen:
        seen.add(a[j])
        j += 1
    if j - i > best:
        best = j - i
print(best)
