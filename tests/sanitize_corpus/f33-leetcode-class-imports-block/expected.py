from typing import List


class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        index = {x: i for i, x in enumerate(nums)}
        for i, x in enumerate(nums):
            j = index.get(target - x)
            if j is not None and j != i:
                return [i, j]
        return []
