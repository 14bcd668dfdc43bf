# O(|T| |P|): compare the pattern at every position of the text.
import sys


def main():
    t, p = sys.stdin.read().split()[:2]
    m = len(p)
    count = 0
    for i in range(len(t) - m + 1):
        j = 0
        while j < m and t[i + j] == p[j]:
            j += 1
        if j == m:
            count += 1
    print(count)


main()
