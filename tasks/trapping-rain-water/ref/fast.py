# O(n): prefix maxima from the left and from the right, computed once.
def trap(heights):
    n = len(heights)
    if n == 0:
        return 0
    right = [0] * n
    high = 0
    for i in range(n - 1, -1, -1):
        if heights[i] > high:
            high = heights[i]
        right[i] = high
    total = 0
    high = 0
    for i, h in enumerate(heights):
        if h > high:
            high = h
        total += min(high, right[i]) - h
    return total
