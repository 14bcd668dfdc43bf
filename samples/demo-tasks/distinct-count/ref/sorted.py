import sys

# Sort, then count the places where the value changes. O(n log n).
data = sys.stdin.buffer.read().split()
n = int(data[0])
a = sorted(int(tok) for tok in data[1:1 + n])
distinct = 0
for i in range(n):
    if i == 0 or a[i] != a[i - 1]:
        distinct += 1
print(distinct)
