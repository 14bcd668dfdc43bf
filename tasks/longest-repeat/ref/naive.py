# O(n^2): for every shift d, the longest run of positions i with s[i] == s[i + d].
import sys


def main():
    s = sys.stdin.read().split()[0]
    best = 0
    for d in range(1, len(s)):
        run = 0
        for x, y in zip(s, s[d:]):
            if x == y:
                run += 1
                if run > best:
                    best = run
            else:
                run = 0
    print(best)


main()
