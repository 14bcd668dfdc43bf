import sys

# After sorting, the closest pair is adjacent. O(n log n).
data = sys.stdin.buffer.read().split()
n = int(data[0])
a = sorted(int(x) for x in data[1:1 + n])
print(min(a[i] - a[i - 1] for i in range(1, n)))
