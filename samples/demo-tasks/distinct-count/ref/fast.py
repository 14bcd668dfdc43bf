import sys

# One pass, each value into a hash set. O(n) expected.
data = sys.stdin.buffer.read().split()
n = int(data[0])
seen = set()
for tok in data[1:1 + n]:
    seen.add(int(tok))
print(len(seen))
