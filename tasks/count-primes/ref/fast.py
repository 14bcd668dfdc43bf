# Sieve of Eratosthenes, O(N log log N), striking multiples with slice assignment.
import sys


def main():
    n = int(sys.stdin.read())
    if n < 2:
        print(0)
        return
    prime = bytearray([1]) * (n + 1)
    prime[0] = prime[1] = 0
    x = 2
    while x * x <= n:
        if prime[x]:
            prime[x * x :: x] = bytes(len(range(x * x, n + 1, x)))
        x += 1
    print(prime.count(1))


main()
