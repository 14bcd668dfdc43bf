# O(n^2) worst case: scan right from every position.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    a = list(map(int, data[1 : 1 + n]))
    answer = []
    for i in range(n):
        ai = a[i]
        j = i + 1
        while j < n and a[j] <= ai:
            j += 1
        answer.append(j + 1 if j < n else 0)
    print(" ".join(map(str, answer)))


main()
