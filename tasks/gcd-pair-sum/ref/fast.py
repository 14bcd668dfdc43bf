# O(M log log M + T N) with M the largest query: gcd(i, j) = sum of phi(d) over d | gcd(i, j),
# so S(N) = sum over d of phi(d) * floor(N/d)^2, with phi from a sieve.
import sys


def main():
    data = sys.stdin.read().split()
    t = int(data[0])
    qs = list(map(int, data[1 : 1 + t]))
    m = max(qs)
    phi = list(range(m + 1))
    for p in range(2, m + 1):
        if phi[p] == p:
            for k in range(p, m + 1, p):
                phi[k] -= phi[k] // p
    out = []
    for n in qs:
        out.append(sum(phi[d] * (n // d) ** 2 for d in range(1, n + 1)))
    print("\n".join(map(str, out)))


main()
