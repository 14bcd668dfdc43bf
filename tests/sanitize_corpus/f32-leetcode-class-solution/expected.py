class Solution:
    def twoSum(self, nums: list[int], target: int) -> list[int]:
        seen = {}
        for j, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], j]
            seen[x] = j
        return []
