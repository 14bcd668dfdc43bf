import sys

# Add up every cell of each rectangle. O(q*n*m).
data = sys.stdin.buffer.read().split()
n, m, q = int(data[0]), int(data[1]), int(data[2])
g = [[int(x) for x in data[3 + i * m:3 + (i + 1) * m]] for i in range(n)]
p = 3 + n * m
out = []
for _ in range(q):
    r1, c1, r2, c2 = (int(x) for x in data[p:p + 4])
    p += 4
    out.append(sum(sum(row[c1 - 1:c2]) for row in g[r1 - 1:r2]))
print('\n'.join(map(str, out)))
