import sys

# Every triple. O(n^3).
data = sys.stdin.buffer.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
cnt = 0
for i in range(n):
    for j in range(i + 1, n):
        need = -(a[i] + a[j])
        for k in range(j + 1, n):
            if a[k] == need:
                cnt += 1
print(cnt)
