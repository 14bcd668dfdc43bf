import sys

def count(a):
    if len(a) < 2:
        return a, 0
    mid = len(a) // 2
    left, x = count(a[:mid])
    right, y = count(a[mid:])
    merged, inv, i, j = [], x + y, 0, 0
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            inv += len(left) - i
            merged.append(right[j])
            j += 1
        else:
            merged.append(left[i])
            i += 1
    merged += left[i:] + right[j:]
    return merged, inv

data = sys.stdin.read().split()
n = int(data[0])
print(count([int(x) for x in data[1:1 + n]])[1])
