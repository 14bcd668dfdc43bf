# O(N^2 * sum 1/c_i): with each new coin c, ways[s] = sum over t >= 0 of old[s - t*c].
import sys

MOD = 1000000007


def main():
    data = list(map(int, sys.stdin.buffer.read().split()))
    k, n = data[0], data[1]
    ways = [1] + [0] * n
    for c in data[2 : 2 + k]:
        nxt = [0] * (n + 1)
        for s in range(n + 1):
            total = 0
            r = s
            while r >= 0:
                total += ways[r]
                r -= c
            nxt[s] = total % MOD
        ways = nxt
    print(ways[n])


main()
