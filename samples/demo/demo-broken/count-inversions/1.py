# Crashes: reads one element past the end of the array.
import sys
data = sys.stdin.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
inv = 0
for i in range(n):
    for j in range(i + 1, n + 1):
        if a[i] > a[j]:
            inv += 1
print(inv)
