import sys

# Sum each range. O(n*q).
data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
out = []
p = 2 + n
for _ in range(q):
    l, r = int(data[p]), int(data[p + 1])
    p += 2
    out.append(sum(a[l - 1:r]))
print('\n'.join(map(str, out)))
