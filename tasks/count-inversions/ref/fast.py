import sys

# Bottom-up merge sort counting inversions. O(n log n).
data = sys.stdin.buffer.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
inv = 0
width = 1
while width < n:
    merged = []
    for lo in range(0, n, 2 * width):
        left = a[lo:lo + width]
        right = a[lo + width:lo + 2 * width]
        i = j = 0
        nl, nr = len(left), len(right)
        while i < nl and j < nr:
            if right[j] < left[i]:
                inv += nl - i
                merged.append(right[j])
                j += 1
            else:
                merged.append(left[i])
                i += 1
        merged.extend(left[i:])
        merged.extend(right[j:])
    a = merged
    width *= 2
print(inv)
