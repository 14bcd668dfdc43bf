def digit_sum(n: int) -> int:
    n = abs(n)
    total = 0
    while n:
        n, r = divmod(n, 10)
        total += r
    return total
