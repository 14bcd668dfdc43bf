import sys


def main():
    it = iter(sys.stdin.read().split())
    n = int(next(it))
    counts = {}
    for _ in range(n):
        w = next(it)
        counts[w] = counts.get(w, 0) + 1
    print(max(counts.values()) if counts else 0)


if __name__ == "__main__":
    main()
