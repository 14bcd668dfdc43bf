# O(n^2): from every start, scan right while the prefix balance stays non-negative.
def longest_valid_parentheses(s):
    best = 0
    n = len(s)
    for i in range(n):
        depth = 0
        for j in range(i, n):
            depth += 1 if s[j] == "(" else -1
            if depth < 0:
                break
            if depth == 0 and j - i + 1 > best:
                best = j - i + 1
    return best
