# O(n^2): for every bar, find the highest bar on each side by scanning.
def trap(heights):
    total = 0
    n = len(heights)
    for i in range(n):
        left = max(heights[: i + 1])
        right = max(heights[i:])
        total += min(left, right) - heights[i]
    return total
