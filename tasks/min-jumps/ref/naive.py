# O(n * max jump): relax every index reachable from every reached index.
def min_jumps(nums):
    n = len(nums)
    inf = n + 1
    steps = [inf] * n
    steps[0] = 0
    for i in range(n):
        if steps[i] == inf:
            continue
        nxt = steps[i] + 1
        for j in range(i + 1, min(n, i + nums[i] + 1)):
            if nxt < steps[j]:
                steps[j] = nxt
    return steps[-1] if steps[-1] < inf else -1
