# Kadane, O(n): the best sum ending at each position either extends the previous one or
# starts afresh.
def max_subarray_sum(nums):
    best = current = nums[0]
    for x in nums[1:]:
        current = x if current < 0 else current + x
        if current > best:
            best = current
    return best
