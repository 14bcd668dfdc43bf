# O(k N): with each new coin c, ways[s] += ways[s - c] in increasing s, which already counts
# any number of copies of c.
import sys

MOD = 1000000007


def main():
    data = list(map(int, sys.stdin.buffer.read().split()))
    k, n = data[0], data[1]
    ways = [1] + [0] * n
    for c in data[2 : 2 + k]:
        for s in range(c, n + 1):
            ways[s] = (ways[s] + ways[s - c]) % MOD
    print(ways[n])


main()
