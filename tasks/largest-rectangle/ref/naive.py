# O(n^2): for every left edge, extend right while tracking the lowest bar so far.
def largest_rectangle_area(heights):
    best = 0
    n = len(heights)
    for i in range(n):
        low = heights[i]
        for j in range(i, n):
            h = heights[j]
            if h < low:
                low = h
            area = low * (j - i + 1)
            if area > best:
                best = area
    return best
