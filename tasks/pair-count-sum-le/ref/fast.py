import sys

# Sort, then two pointers: if a[lo] + a[hi] <= S, so is a[lo] with everything up to hi. O(n log n).
data = sys.stdin.buffer.read().split()
n, s = int(data[0]), int(data[1])
a = sorted(int(x) for x in data[2:2 + n])
cnt = 0
lo, hi = 0, n - 1
while lo < hi:
    if a[lo] + a[hi] <= s:
        cnt += hi - lo
        lo += 1
    else:
        hi -= 1
print(cnt)
