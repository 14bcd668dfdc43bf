# O(n): one pass, remembering the index of every value seen so far.
class Solution:
    def twoSum(self, nums, target):
        seen = {}
        for j, x in enumerate(nums):
            i = seen.get(target - x)
            if i is not None:
                return [i, j]
            seen[x] = j
        return []
