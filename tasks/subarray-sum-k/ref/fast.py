import sys

# A subarray ending at j sums to K iff some earlier prefix equals prefix_j - K: hash the prefixes. O(n).
data = sys.stdin.buffer.read().split()
n, k = int(data[0]), int(data[1])
seen = {0: 1}
pre = cnt = 0
for tok in data[2:2 + n]:
    pre += int(tok)
    cnt += seen.get(pre - k, 0)
    seen[pre] = seen.get(pre, 0) + 1
print(cnt)
