# Monotone stack, O(n): when a bar is popped by a lower one, its maximal rectangle ends there
# and starts just after the bar below it on the stack.
def largest_rectangle_area(heights):
    stack = []  # indices with increasing heights
    best = 0
    for i, h in enumerate(list(heights) + [0]):
        while stack and heights[stack[-1]] >= h:
            top = stack.pop()
            left = stack[-1] + 1 if stack else 0
            area = heights[top] * (i - left)
            if area > best:
                best = area
        stack.append(i)
    return best
