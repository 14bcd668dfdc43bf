# Sieve the primes up to sqrt(10^9) once, then factorise each query by those primes only,
# stopping when p*p exceeds what is left: d(x) = product of (exponent + 1).
import sys

LIMIT = 31623


def main():
    sieve = bytearray([1]) * (LIMIT + 1)
    sieve[0] = sieve[1] = 0
    for i in range(2, int(LIMIT**0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = bytes(len(range(i * i, LIMIT + 1, i)))
    primes = [i for i in range(LIMIT + 1) if sieve[i]]
    data = sys.stdin.read().split()
    q = int(data[0])
    out = []
    for tok in data[1 : 1 + q]:
        x = int(tok)
        count = 1
        for p in primes:
            if p * p > x:
                break
            if x % p == 0:
                e = 1
                x //= p
                while x % p == 0:
                    x //= p
                    e += 1
                count *= e + 1
        if x > 1:
            count *= 2
        out.append(count)
    print("\n".join(map(str, out)))


main()
