import sys

# Every pair. O(n^2).
data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
cnt = 0
for i in range(n):
    need = t - a[i]
    for j in range(i + 1, n):
        if a[j] == need:
            cnt += 1
print(cnt)
