import heapq
from typing import List


def k_smallest(nums: List[int], k: int) -> List[int]:
    return heapq.nsmallest(k, nums)
