class Solution:
    def twoSum(self, nums: list[int], target: int) -> list[int]:
