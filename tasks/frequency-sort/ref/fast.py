import sys
from collections import Counter

# Hash counting, then one sort of the distinct values. O(n + d log d).
data = sys.stdin.buffer.read().split()
n = int(data[0])
cnt = Counter(map(int, data[1:1 + n]))
items = sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))
print('\n'.join(f'{v} {c}' for v, c in items))
