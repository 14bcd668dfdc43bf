import sys

# 2D prefix sums and inclusion-exclusion. O(n*m + q).
data = sys.stdin.buffer.read().split()
n, m, q = int(data[0]), int(data[1]), int(data[2])
pre = [[0] * (m + 1)]
for i in range(n):
    above = pre[-1]
    row = [0] * (m + 1)
    run = 0
    base = 3 + i * m
    for j in range(m):
        run += int(data[base + j])
        row[j + 1] = above[j + 1] + run
    pre.append(row)
p = 3 + n * m
out = []
for _ in range(q):
    r1, c1, r2, c2 = int(data[p]), int(data[p + 1]), int(data[p + 2]), int(data[p + 3])
    p += 4
    out.append(pre[r2][c2] - pre[r1 - 1][c2] - pre[r2][c1 - 1] + pre[r1 - 1][c1 - 1])
print('\n'.join(map(str, out)))
