# O(|s| |t|) dynamic programming over one row of the edit-distance table.
import sys


def main():
    s, t = sys.stdin.read().split()[:2]
    row = list(range(len(t) + 1))
    for i in range(1, len(s) + 1):
        ch = s[i - 1]
        diag = row[0]
        row[0] = i
        for j in range(1, len(t) + 1):
            up = row[j]
            best = diag if t[j - 1] == ch else diag + 1
            if up + 1 < best:
                best = up + 1
            if row[j - 1] + 1 < best:
                best = row[j - 1] + 1
            row[j] = best
            diag = up
    print(row[len(t)])


main()
