import sys
from functools import lru_cache

sys.setrecursionlimit(10000)
MOD = 10**9 + 7


@lru_cache(maxsize=None)
def count_paths(rows: int, cols: int) -> int:
    if rows == 1 or cols == 1:
        return 1
    return (count_paths(rows - 1, cols) + count_paths(rows, cols - 1)) % MOD
