import sys

# Partial selection sort: k passes, each finding the minimum of the rest. O(n*k).
data = sys.stdin.buffer.read().split()
n, k = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
for i in range(k):
    best = i
    for j in range(i + 1, n):
        if a[j] < a[best]:
            best = j
    a[i], a[best] = a[best], a[i]
print(a[k - 1])
