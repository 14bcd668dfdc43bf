import sys

# Every pair. O(n^2).
data = sys.stdin.buffer.read().split()
n, s = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
cnt = 0
for i in range(n):
    ai = a[i]
    for j in range(i + 1, n):
        if ai + a[j] <= s:
            cnt += 1
print(cnt)
