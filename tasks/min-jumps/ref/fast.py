# Greedy breadth-first layers, O(n): the indices reachable with k jumps form a prefix; the
# next layer ends at the farthest index reachable from it.
def min_jumps(nums):
    n = len(nums)
    jumps, end, far = 0, 0, 0
    for i in range(n - 1):
        far = max(far, i + nums[i])
        if i == end:
            if far <= i:
                return -1
            jumps += 1
            end = far
            if end >= n - 1:
                break
    return jumps
