import sys

# Fix the middle index j; count earlier elements equal to -(a_j + a_k) with a hash map of the
# elements left of j. O(n^2).
data = sys.stdin.buffer.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
left = {}
cnt = 0
for j in range(n):
    aj = a[j]
    get = left.get
    for k in range(j + 1, n):
        cnt += get(-(aj + a[k]), 0)
    left[aj] = left.get(aj, 0) + 1
print(cnt)
