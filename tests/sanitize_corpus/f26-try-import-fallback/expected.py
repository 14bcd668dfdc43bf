try:
    from math import comb
except ImportError:
    comb = None


def n_choose_k(n, k):
    if comb is not None:
        return comb(n, k)
    k = min(k, n - k)
    result = 1
    for i in range(1, k + 1):
        result = result * (n - k + i) // i
    return result
