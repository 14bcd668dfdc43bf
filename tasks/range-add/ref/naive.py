import sys

# Apply every update element by element. O(n*q).
data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
p = 2 + n
for _ in range(q):
    l, r, x = int(data[p]), int(data[p + 1]), int(data[p + 2])
    p += 3
    for i in range(l - 1, r):
        a[i] += x
print(' '.join(map(str, a)))
