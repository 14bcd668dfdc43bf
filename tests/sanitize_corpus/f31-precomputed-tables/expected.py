MOD = 998244353
LIMIT = 10**5


def sieve(n):
    is_prime = bytearray([1]) * (n + 1)
    is_prime[0] = is_prime[1] = 0
    for i in range(2, int(n**0.5) + 1):
        if is_prime[i]:
            is_prime[i * i :: i] = bytearray(len(is_prime[i * i :: i]))
    return [i for i in range(n + 1) if is_prime[i]]


PRIMES = sieve(LIMIT)
FACT = [1] * (LIMIT + 1)
for i in range(1, LIMIT + 1):
    FACT[i] = FACT[i - 1] * i % MOD

SQUARES = []


def init():
    global SQUARES
    SQUARES = [p * p for p in PRIMES]


init()


def count_primes_weighted(n: int) -> int:
    from bisect import bisect_right
    k = bisect_right(PRIMES, n)
    return (FACT[k] + sum(SQUARES[:k])) % MOD
