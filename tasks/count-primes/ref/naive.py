# O(N sqrt N): trial division of every number by every d with d*d <= x.
import sys


def main():
    n = int(sys.stdin.read())
    count = 0
    for x in range(2, n + 1):
        d = 2
        while d * d <= x:
            if x % d == 0:
                break
            d += 1
        else:
            count += 1
    print(count)


main()
